import * as fs from 'fs';
import * as path from 'path';
import { AuditInputError } from './audit-input-error';
import { ConstructMetadata, EMPTY_CONSTRUCT_METADATA, logicalIdsOfTemplate, mergeConstructMetadata, parseConstructMetadata } from './construct-metadata';
import { InputFileError, readInputFile, refusalOf } from './input-file';
import { DEFAULT_INPUT_LIMITS, InputLimits } from './input-limits';
import { TemplateSource } from './template-source';

export const MANIFEST_FILE = 'manifest.json';

const STACK_ARTIFACT = 'aws:cloudformation:stack';
const NESTED_ASSEMBLY_ARTIFACT = 'cdk:cloud-assembly';
const NESTED_STACK_TEMPLATE = /\.nested\.template\.json$/;

/** True when `dir` looks like a cloud assembly (`cdk.out`). */
export function isCloudAssembly(dir: string): boolean {
  return fs.existsSync(path.join(dir, MANIFEST_FILE));
}

/**
 * The templates of a cloud assembly: every stack artifact listed in `manifest.json`
 * (following nested assemblies of CDK Stages), plus nested-stack templates in the folder.
 * Returns an empty list when the manifest lists no stacks.
 *
 * A template file the manifest names that is not a regular file inside `root` (see {@link refusalOf}) is
 * returned with the reason in `refusal`.
 *
 * @param root the audited path; template names are relative to it
 * @param limits the size limit applies to manifests and metadata files
 */
export function readCloudAssembly(dir: string, root: string = dir, limits: InputLimits = DEFAULT_INPUT_LIMITS): TemplateSource[] {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  const manifest = readJson(manifestFile, limits);
  const artifacts = isRecord(manifest.artifacts) ? manifest.artifacts : {};
  const sources: TemplateSource[] = [];
  const metadataOfStacks: ConstructMetadata[] = [];

  for (const [artifactId, artifact] of Object.entries(artifacts)) {
    if (!isRecord(artifact)) continue;
    const props = isRecord(artifact.properties) ? artifact.properties : {};
    if (artifact.type === STACK_ARTIFACT && typeof props.templateFile === 'string') {
      const metadata = stackMetadata(dir, artifact, limits);
      metadataOfStacks.push(metadata);
      const file = path.join(dir, props.templateFile);
      sources.push({
        file,
        name: path.relative(root, file),
        stackName: typeof props.stackName === 'string' ? props.stackName : (artifact.displayName ?? artifactId),
        constructMetadata: { ...metadata, logicalIds: logicalIdsOfTemplate(metadata, props.templateFile) },
        nestedTemplateKeys: nestedTemplateKeys(dir, limits),
        refusal: refusalOf(file, root),
      });
    } else if (artifact.type === NESTED_ASSEMBLY_ARTIFACT && typeof props.directoryName === 'string') {
      const nestedDir = path.join(dir, props.directoryName);
      if (isCloudAssembly(nestedDir)) {
        sources.push(...readCloudAssembly(nestedDir, root, limits));
      }
    }
  }

  // Nested stacks are assets, not artifacts; their construct paths are unique in the app,
  // so they see the metadata of all stacks of this assembly.
  const allMetadata = mergeConstructMetadata(metadataOfStacks);
  for (const entry of fs.readdirSync(dir).sort()) {
    if (NESTED_STACK_TEMPLATE.test(entry)) {
      const file = path.join(dir, entry);
      sources.push({
        file,
        name: path.relative(root, file),
        constructMetadata: {
          logicalIds: logicalIdsOfTemplate(allMetadata, entry),
          acknowledgements: allMetadata.acknowledgements,
          creationStacks: allMetadata.creationStacks,
        },
        nestedTemplateKeys: nestedTemplateKeys(dir, limits),
        refusal: refusalOf(file, root),
      });
    }
  }
  return sources;
}

/**
 * The nested-stack templates of an assembly folder by the S3 object key they are published under
 * (from `*.assets.json`), so a parent's `TemplateURL` can be matched to the file audited in its place.
 */
function nestedTemplateKeys(dir: string, limits: InputLimits): ReadonlyMap<string, string> {
  const keys = new Map<string, string>();
  for (const entry of fs.readdirSync(dir)) {
    if (!entry.endsWith('.assets.json')) continue;
    let manifest: any;
    try {
      manifest = JSON.parse(readInputFile(path.join(dir, entry), limits));
    } catch {
      continue;
    }
    for (const asset of Object.values<any>(isRecord(manifest?.files) ? manifest.files : {})) {
      const source = asset?.source?.path;
      if (typeof source !== 'string' || !NESTED_STACK_TEMPLATE.test(source)) continue;
      for (const destination of Object.values<any>(isRecord(asset.destinations) ? asset.destinations : {})) {
        if (typeof destination?.objectKey === 'string') keys.set(destination.objectKey, source);
      }
    }
  }
  return keys;
}

function stackMetadata(dir: string, artifact: Record<string, any>, limits: InputLimits): ConstructMetadata {
  const parts: ConstructMetadata[] = [];
  if (isRecord(artifact.metadata)) {
    parts.push(parseConstructMetadata(artifact.metadata));
  }
  if (typeof artifact.additionalMetadataFile === 'string') {
    const metadataFile = path.join(dir, artifact.additionalMetadataFile);
    if (fs.existsSync(metadataFile)) {
      parts.push(parseConstructMetadata(readJson(metadataFile, limits)));
    }
  }
  return parts.length === 0 ? EMPTY_CONSTRUCT_METADATA : mergeConstructMetadata(parts);
}

function readJson(file: string, limits: InputLimits): Record<string, any> {
  let text: string;
  try {
    text = readInputFile(file, limits);
  } catch (e) {
    if (e instanceof InputFileError) throw new AuditInputError(`${file}: cannot read the cloud assembly file: ${e.reason}`);
    throw e;
  }
  try {
    const value = JSON.parse(text);
    if (!isRecord(value)) throw new Error('expected a JSON object');
    return value;
  } catch (e) {
    throw new AuditInputError(`${file}: not a valid cloud assembly file: ${(e as Error).message}`);
  }
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
