import * as fs from 'fs';
import * as path from 'path';
import { AuditInputError } from './audit-input-error';
import { isCloudAssembly, readCloudAssembly } from './cloud-assembly';
import { EMPTY_CONSTRUCT_METADATA } from './construct-metadata';
import { nonRegularKind, notRegular, refusalOf } from './input-file';
import { DEFAULT_INPUT_LIMITS, InputLimits } from './input-limits';
import { TemplateSource } from './template-source';

/** File names the audit treats as CloudFormation templates. */
export const TEMPLATE_EXTENSIONS: readonly string[] = ['.json', '.yaml', '.yml', '.template'];

// Files a cdk.out or project folder holds next to templates that are never templates.
const NOT_TEMPLATES = /(^manifest\.json|^tree\.json|^cdk\.json|^package(-lock)?\.json|^tsconfig.*\.json|\.assets\.json|\.metadata\.json|^validation-report\.json|^cdk\.context\.json)$/;

/**
 * The templates to audit at `inputPath`:
 * - a cloud assembly folder (has `manifest.json`): its stack templates, or every
 *   `*.template.json` when the manifest lists none;
 * - a template file (`.json`, `.yaml`, `.yml`, `.template`);
 * - a folder of template files (not recursive).
 *
 * In a folder, every entry named like a template is returned; one that is not read (not a regular file,
 * a symlink that loops or leads out of the folder) carries the reason in `refusal`, so it is reported, not
 * skipped. Symlinks to regular files inside the folder are followed.
 *
 * @param limits the size limit applies to the cloud assembly's manifest files too
 * @throws AuditInputError when the path is missing, is not a file or folder, or holds no templates
 */
export function discoverTemplates(inputPath: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): TemplateSource[] {
  const absolute = path.resolve(inputPath);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    throw new AuditInputError(`${inputPath}: no such file or directory`);
  }

  if (stat.isFile()) {
    return [plainSource(absolute, path.basename(absolute))];
  }
  if (!stat.isDirectory()) {
    throw new AuditInputError(`${inputPath}: ${notRegular(nonRegularKind(stat) ?? 'not a regular file')}`);
  }

  if (isCloudAssembly(absolute)) {
    const fromManifest = readCloudAssembly(absolute, absolute, limits);
    if (fromManifest.length > 0) return fromManifest;
    const synthesized = listFiles(absolute).filter((f) => f.endsWith('.template.json'));
    if (synthesized.length > 0) {
      return synthesized.map((f) => folderSource(absolute, f));
    }
  }

  const templates = listFiles(absolute).filter(
    (f) => TEMPLATE_EXTENSIONS.includes(path.extname(f).toLowerCase()) && !NOT_TEMPLATES.test(f),
  );
  if (templates.length === 0) {
    throw new AuditInputError(`${inputPath}: no CloudFormation templates found (looked for a cdk.out manifest.json and ${TEMPLATE_EXTENSIONS.join(', ')} files)`);
  }
  return templates.map((f) => folderSource(absolute, f));
}

function folderSource(dir: string, name: string): TemplateSource {
  const file = path.join(dir, name);
  return { ...plainSource(file, name, true), refusal: refusalOf(file, dir) };
}

function plainSource(file: string, name: string, fromFolderScan: boolean = false): TemplateSource {
  return { file, name, constructMetadata: EMPTY_CONSTRUCT_METADATA, fromFolderScan };
}

function listFiles(dir: string): string[] {
  try {
    // Every kind of entry: what is named like a template but cannot be read is reported, not skipped.
    return fs.readdirSync(dir).sort();
  } catch (e) {
    throw new AuditInputError(`${dir}: cannot list the folder (${(e as Error).message})`);
  }
}
