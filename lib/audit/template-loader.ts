import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, LegacyStackSynthesizer, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { AuditInputError } from './audit-input-error';
import { overLimit } from './input-limits';
import { isSamTemplate, prepareSamTemplate } from './sam/sam-template';
import { TemplateReadError, TemplateReader } from './template-reader';
import { referencedNames } from './template-references';
import { TemplateSource } from './template-source';
import { describeParseError, oneLine } from './template-text';

/** aws-cdk-lib's context key for the most resources a stack may synthesize (0: no limit). */
const STACK_RESOURCE_LIMIT_CONTEXT = '@aws-cdk/core:stackResourceLimit';

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
  /**
   * Macros the template names that CloudFormation runs before creating anything (its `Transform` section and
   * `Fn::Transform` values), other than the AWS transforms the audit reads (see {@link customMacros}).
   */
  readonly customMacros: readonly string[];
}

/**
 * A template that cannot be audited, and why: `reason` speaks CloudFormation (logical ids, types,
 * property names), and `message` adds the file.
 */
export class TemplateLoadError extends AuditInputError {
  constructor(
    public readonly file: string,
    public readonly reason: string,
    public readonly kind: 'template' | 'serverless-framework' | 'not-a-template' = 'template',
    /** Refused before auditing (not a regular file, over a limit): the CLI prints the reason on its own line. */
    public readonly refused: boolean = false,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'TemplateLoadError';
  }
}

/** Serverless Framework service files, by name. */
const SERVERLESS_FRAMEWORK_FILE = /^serverless(\.[\w-]+)?\.(ya?ml|json|js|ts)$/i;

/**
 * Loads a JSON or YAML template (short-form intrinsics included) with `CfnInclude`,
 * so its resources become the typed L1s that cdk-nag rules understand. A SAM template is
 * first prepared ({@link prepareSamTemplate}) so the resources SAM creates implicitly can be
 * referred to.
 *
 * @returns undefined when a folder-scanned file is not a CloudFormation template
 * @throws TemplateLoadError naming the file when it cannot be read, parsed or included
 */
export function loadTemplate(source: TemplateSource, reader: TemplateReader = new TemplateReader()): LoadedTemplate | undefined {
  const { text, parsed } = readTemplate(source, reader);
  if (SERVERLESS_FRAMEWORK_FILE.test(path.basename(source.file)) || /(^|\n)service:\s*\S/.test(text) && /(^|\n)provider:\s*(\n|$)/.test(text)) {
    throw new TemplateLoadError(source.file, SERVERLESS_FRAMEWORK_REASON, 'serverless-framework');
  }
  if (parsed instanceof TemplateReadError) throw new TemplateLoadError(source.file, parsed.reason, 'template', parsed.refused);
  if (!isRecord(parsed) || !isRecord(parsed.Resources)) {
    const what = describeNonTemplate(parsed);
    if (source.fromFolderScan && what === undefined) return undefined;
    throw new TemplateLoadError(source.file, what ?? 'not a CloudFormation template (no Resources section)', what ? 'not-a-template' : 'template');
  }
  // The scan before parsing counts block-style YAML and JSON; this catches the rest before the model is built.
  const count = Object.keys(parsed.Resources).length;
  if (count > reader.limits.maxResources) {
    throw new TemplateLoadError(source.file, `${count} resources, ${overLimit('maxResources', reader.limits)}`, 'template', true);
  }
  const prepared = isSamTemplate(parsed) ? prepareSamTemplate(parsed) : parsed;
  const dangling = danglingReferences(prepared);
  if (dangling.length > 0) {
    throw new TemplateLoadError(source.file, dangling.map((d) => `${d.from} (${d.type}) refers to ${d.to}, which is not a resource or parameter of the template`).join('; '));
  }

  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-audit-'));
  try {
    const templateFile = path.join(outdir, 'template.json');
    fs.writeFileSync(templateFile, JSON.stringify(prepared));
    // No bootstrap parameters, analytics, tree or built-in validation: the synthesized
    // template must be the audited template, and synthesis must stay quiet and quick.
    // The resource limit is the audit's own (--max-resources), so CDK's 500 per stack is turned off.
    const app = new App({
      outdir,
      analyticsReporting: false,
      treeMetadata: false,
      builtinCloudFormationValidation: false,
      context: { [STACK_RESOURCE_LIMIT_CONTEXT]: 0 },
    });
    const stack = new Stack(app, AUDIT_STACK_ID, { synthesizer: new LegacyStackSynthesizer() });
    let include: CfnInclude;
    try {
      include = new CfnInclude(stack, INCLUDE_ID, { templateFile, allowCyclicalReferences: true });
    } catch (e) {
      throw new TemplateLoadError(source.file, `cannot load the template: ${cloudFormationTerms(describeParseError(e))}`);
    }

    // Synthesis renders the included template back to plain JSON (long-form intrinsics),
    // which is what grouping and acknowledgement reading work on.
    let rendered: Record<string, any>;
    try {
      rendered = app.synth().getStackArtifact(stack.artifactId).template;
    } catch (e) {
      throw new TemplateLoadError(source.file, `cannot render the template: ${cloudFormationTerms(oneLine((e as Error).message))}`);
    }
    const templateResources = rendered?.Resources ?? {};

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
    return { source, stack, resources, byConstructPath, customMacros: customMacros(parsed) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * AWS transforms whose output the audit knows: SAM (read natively), the language extensions (which
 * only expand the template's own content) and `AWS::Include` (a snippet from S3, reported by the rules
 * that read what it supplies as unresolved).
 */
const KNOWN_TRANSFORMS: ReadonlySet<string> = new Set(['AWS::Serverless-2016-10-31', 'AWS::LanguageExtensions', 'AWS::Include']);

/**
 * The macros a template names, other than {@link KNOWN_TRANSFORMS}: the top-level `Transform` (a name or a
 * list) and every `Fn::Transform` `Name`. A macro may add, change or remove any resource before
 * CloudFormation creates it, so the template audited is not the template deployed.
 */
export function customMacros(template: Record<string, any>): string[] {
  const names = new Set<string>();
  const add = (name: unknown) => {
    const value = typeof name === 'string' ? name : isRecord(name) && typeof name.Name === 'string' ? name.Name : undefined;
    if (value !== undefined && !KNOWN_TRANSFORMS.has(value)) names.add(value);
  };
  [template.Transform ?? []].flat().forEach(add);
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {value.forEach(visit);} else if (isRecord(value)) {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'Fn::Transform') add(child);
        visit(child);
      }
    }
  };
  visit(template);
  return [...names];
}

/** What to audit instead of a Serverless Framework service file. */
export const SERVERLESS_FRAMEWORK_REASON =
  'a Serverless Framework service file, not a CloudFormation template: run `serverless package` and audit ' +
  'the compiled template it writes, `.serverless/cloudformation-template-update-stack.json`';

/** What a parsed file without `Resources` is, when it is something recognisable. */
function describeNonTemplate(parsed: unknown): string | undefined {
  if (!isRecord(parsed)) return undefined;
  if (typeof parsed.openapi === 'string' || typeof parsed.swagger === 'string') {
    return 'an OpenAPI definition, not a CloudFormation template: audit the template whose API uses it ' +
      '(`Body`, SAM `DefinitionBody` / `DefinitionUri`, or `Fn::Transform: AWS::Include`)';
  }
  if (typeof parsed.version === 'string' && isRecord(parsed.artifacts)) {
    return 'a cloud assembly manifest: audit the cdk.out folder that holds it';
  }
  return undefined;
}

/**
 * Construct-speak in CfnInclude's errors turned into CloudFormation terms:
 * `AuditStack/Template/Method1 [AWS::ApiGateway::Method] is missing required property: httpMethod`
 * becomes `Method1 (AWS::ApiGateway::Method) is missing required property HttpMethod`.
 */
export function cloudFormationTerms(message: string): string {
  const prefix = `${AUDIT_STACK_ID}/${INCLUDE_ID}/`;
  return message
    .replace(new RegExp(`${prefix}([\\w-]+) \\[([\\w:]+)\\] is missing required property: (\\w+)`, 'g'),
      (_m, id: string, type: string, prop: string) => `${id} (${type}) is missing required property ${prop[0].toUpperCase()}${prop.slice(1)}`)
    .replace(new RegExp(`${prefix}([\\w-]+) \\[([\\w:]+)\\]`, 'g'), '$1 ($2)')
    .split(prefix).join('');
}

/** Refs, GetAtts and `${}` in Fn::Sub that name neither a resource, a parameter nor a pseudo parameter. */
function danglingReferences(template: Record<string, any>): { from: string; type: string; to: string }[] {
  const known = new Set([...Object.keys(template.Resources ?? {}), ...Object.keys(isRecord(template.Parameters) ? template.Parameters : {})]);
  const found: { from: string; type: string; to: string }[] = [];
  const check = (from: string, type: string, value: unknown) => {
    for (const name of referencedNames(value)) {
      if (!known.has(name) && !name.startsWith('AWS::') && !found.some((f) => f.from === from && f.to === name)) found.push({ from, type, to: name });
    }
  };
  for (const [id, resource] of Object.entries<any>(template.Resources)) check(id, String(resource?.Type), resource);
  for (const [id, output] of Object.entries<any>(isRecord(template.Outputs) ? template.Outputs : {})) check(id, 'output', output);
  return found;
}

/**
 * The text and parsed value of a template (or the error parsing it, which a Serverless Framework file is
 * allowed: it is named as such first).
 */
function readTemplate(source: TemplateSource, reader: TemplateReader): { text: string; parsed: unknown } {
  let text: string;
  try {
    text = reader.text(source);
  } catch (e) {
    if (e instanceof TemplateReadError) throw new TemplateLoadError(source.file, e.reason, 'template', e.refused);
    throw e;
  }
  try {
    return { text, parsed: reader.read(source).value };
  } catch (e) {
    if (e instanceof TemplateReadError) return { text, parsed: e };
    throw e;
  }
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
