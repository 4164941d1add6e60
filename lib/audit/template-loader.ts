import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, LegacyStackSynthesizer, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { AuditInputError } from './audit-input-error';
import { TemplateSource } from './template-source';

/** Construct id of the stack every template is included into. */
export const AUDIT_STACK_ID = 'AuditStack';
/** Construct id of the `CfnInclude`; included resources live at `AuditStack/Template/<LogicalId>`. */
export const INCLUDE_ID = 'Template';

/** A resource of the audited template, as included into the audit stack. */
export interface IncludedResource {
  readonly logicalId: string;
  readonly type: string;
  /** `aws:cdk:path` from the resource metadata, or from the cloud assembly's logical-id map. */
  readonly cdkPath?: string;
  /** The resource's `Properties` as written in the template (intrinsics in long form). */
  readonly properties: Record<string, any>;
  /** The resource's `Metadata` as written in the template. */
  readonly metadata: Record<string, any>;
  /** The typed L1 (`CfnStage`, `CfnRoute`, …) the cdk-nag rules inspect. */
  readonly construct: CfnResource;
}

/** A template included into a fresh App/Stack. */
export interface LoadedTemplate {
  readonly source: TemplateSource;
  readonly stack: Stack;
  readonly resources: readonly IncludedResource[];
  /** Construct path of the included L1 (as cdk-nag reports it) → resource. */
  readonly byConstructPath: ReadonlyMap<string, IncludedResource>;
}

/**
 * Loads a JSON or YAML template (short-form intrinsics included) with `CfnInclude`,
 * so its resources become the typed L1s that cdk-nag rules understand.
 *
 * @returns undefined when a folder-scanned file is not a CloudFormation template
 * @throws AuditInputError naming the file when it cannot be read, parsed or included
 */
export function loadTemplate(source: TemplateSource): LoadedTemplate | undefined {
  const text = readText(source.file);
  if (text.trimStart().startsWith('{')) {
    checkJson(source.file, text);
  }

  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-audit-'));
  try {
    // No bootstrap parameters, analytics, tree or built-in validation: the synthesized
    // template must be the audited template, and synthesis must stay quiet and quick.
    const app = new App({ outdir, analyticsReporting: false, treeMetadata: false, builtinCloudFormationValidation: false });
    const stack = new Stack(app, AUDIT_STACK_ID, { synthesizer: new LegacyStackSynthesizer() });
    let include: CfnInclude;
    try {
      include = new CfnInclude(stack, INCLUDE_ID, { templateFile: source.file, allowCyclicalReferences: true });
    } catch (e) {
      if (source.fromFolderScan && !looksLikeTemplate(text)) return undefined;
      throw new AuditInputError(`${source.file}: cannot load the template: ${describeParseError(e)}`);
    }

    // Synthesis renders the included template back to plain JSON (long-form intrinsics),
    // which is what grouping and acknowledgement reading work on.
    let rendered: Record<string, any>;
    try {
      rendered = app.synth().getStackArtifact(stack.artifactId).template;
    } catch (e) {
      throw new AuditInputError(`${source.file}: cannot render the template: ${oneLine((e as Error).message)}`);
    }
    const templateResources = rendered?.Resources;
    if (typeof templateResources !== 'object' || templateResources === null) {
      if (source.fromFolderScan) return undefined;
      throw new AuditInputError(`${source.file}: not a CloudFormation template (no Resources section)`);
    }

    const pathsByLogicalId = new Map<string, string>();
    source.constructMetadata.logicalIds.forEach((logicalId, cdkPath) => pathsByLogicalId.set(logicalId, cdkPath));

    const resources: IncludedResource[] = [];
    const byConstructPath = new Map<string, IncludedResource>();
    for (const child of include.node.children) {
      if (!CfnResource.isCfnResource(child)) continue;
      const logicalId = stack.resolve(child.logicalId) as string;
      const raw = templateResources[logicalId] ?? {};
      const metadata = isRecord(raw.Metadata) ? raw.Metadata : {};
      const resource: IncludedResource = {
        logicalId,
        type: child.cfnResourceType,
        cdkPath: typeof metadata['aws:cdk:path'] === 'string' ? metadata['aws:cdk:path'] : pathsByLogicalId.get(logicalId),
        properties: isRecord(raw.Properties) ? raw.Properties : {},
        metadata,
        construct: child,
      };
      resources.push(resource);
      byConstructPath.set(child.node.path, resource);
    }
    return { source, stack, resources, byConstructPath };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf-8');
  } catch (e) {
    throw new AuditInputError(`${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** JSON parse errors carry a character position; report it as line and column. */
function checkJson(file: string, text: string): void {
  try {
    JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const position = /position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    }
    throw new AuditInputError(`${file}: invalid JSON${where}: ${oneLine(message.replace(/ in JSON at position \d+.*$/, ''))}`);
  }
}

/** YAML errors (from CfnInclude's parser) carry `linePos`; other errors just a message. */
function describeParseError(e: unknown): string {
  type LinePos = { start?: { line: number; col: number } };
  const error = e as Error & { name?: string; linePos?: LinePos; source?: { rangeAsLinePos?: LinePos } };
  const start = error.linePos?.start ?? error.source?.rangeAsLinePos?.start;
  const isYaml = typeof error.name === 'string' && error.name.startsWith('YAML');
  const where = start ? ` at line ${start.line}, column ${start.col}` : '';
  return `${isYaml ? `invalid YAML${where}: ` : ''}${oneLine(error.message ?? String(e))}`;
}

function looksLikeTemplate(text: string): boolean {
  return /(^|\n)\s*"?(Resources|AWSTemplateFormatVersion)"?\s*:/.test(text);
}

function oneLine(message: string): string {
  return message.split('\n').map((l) => l.trim()).filter((l) => l.length > 0).join(' ');
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
