import * as fs from 'fs';
import * as path from 'path';
import { overLimit } from './input-limits';
import { TemplateReadError, TemplateReader } from './template-reader';
import { TemplateSource } from './template-source';
import { renderTemplate } from '../nag/intrinsics';
import { ParentLink, ResourceIndex } from '../nag/resource-index';
import { ParameterValue } from '../nag/resource-view';

/** A nested stack declared in a template: the resource and the file of its template. */
interface NestedStackDeclaration {
  readonly parentFile: string;
  readonly logicalId: string;
  readonly childFile: string;
}

/** The resource types that nest a stack, and the property naming the nested template. */
const NESTING_TYPES: Record<string, string> = {
  'AWS::CloudFormation::Stack': 'TemplateURL',
  'AWS::Serverless::Application': 'Location',
};

/**
 * How the audited templates nest: which nesting resource of which template each nested template belongs to.
 * A nested stack is linked to an audited file:
 * - a CDK nested stack (`AWS::CloudFormation::Stack`), by its `aws:asset:path` metadata or the object key
 *   its `TemplateURL` names in the cloud assembly's asset manifests;
 * - an `AWS::CloudFormation::Stack` whose `TemplateURL` is a local path (`child.yaml`, `./child.json`,
 *   `file:child.yaml`, an absolute path) or an `AWS::Serverless::Application` whose `Location` is one,
 *   relative to the parent template's folder, when that file is among the audited templates (as
 *   `sam package` and `aws cloudformation package` read them).
 *
 * Each template is audited on its own; this lets rules and the inventory follow a nested stack's parameters
 * to what its parent passes (a route in a route stack names its API through one), and a parent's
 * `Fn::GetAtt [Stack, Outputs.X]` into the nested template. A template in a cycle of nested stacks, or nested
 * deeper than the limit, is refused ({@link refusalOf}).
 */
export class NestedStackTemplates {
  /** Reads the templates of `sources` (through `reader`, which keeps them for the audit) and how they nest. */
  public static of(sources: readonly TemplateSource[], reader: TemplateReader = new TemplateReader()): NestedStackTemplates {
    return new NestedStackTemplates(sources, reader);
  }

  private readonly templates = new Map<string, Record<string, any>>();
  private readonly byChild = new Map<string, NestedStackDeclaration>();
  private readonly byParent = new Map<string, NestedStackDeclaration>();
  private readonly refusals = new Map<string, string>();
  private readonly indexes = new Map<string, ResourceIndex>();
  private readonly names = new Map<ResourceIndex, string>();

  private constructor(private readonly sources: readonly TemplateSource[], reader: TemplateReader) {
    const byBasename = new Map(sources.map((s) => [path.basename(s.file), s.file]));
    const byRealPath = new Map(sources.map((s) => [realPath(s.file), s.file]));
    for (const source of sources) {
      const template = readTemplate(source, reader);
      if (template === undefined) continue;
      this.templates.set(source.file, template);
      for (const [logicalId, resource] of Object.entries<any>(template.Resources)) {
        if (!isRecord(resource) || NESTING_TYPES[resource.Type] === undefined) continue;
        const childFile = childTemplateFile(resource, source, byBasename, byRealPath);
        if (childFile === undefined || childFile === source.file) continue;
        const declaration = { parentFile: source.file, logicalId, childFile };
        if (!this.byChild.has(childFile)) this.byChild.set(childFile, declaration);
        this.byParent.set(`${source.file}\u0000${logicalId}`, declaration);
      }
    }
    this.refuseCyclesAndDepth(reader);
  }

  /**
   * Why the template `file` is not audited: it is part of a cycle of nested stacks, or nested deeper than
   * the nested-stack depth limit; undefined otherwise.
   */
  public refusalOf(file: string): string | undefined {
    return this.refusals.get(file);
  }

  /** The audited file of the template a nesting resource of the template `parentFile` names, if any. */
  public childOf(parentFile: string, logicalId: string): string | undefined {
    return this.byParent.get(`${parentFile}\u0000${logicalId}`)?.childFile;
  }

  /** What the parent of the template `file` passes to it, or undefined for a top-level template. */
  public parentOf(file: string): ParentLink | undefined {
    const declaration = this.byChild.get(file);
    if (declaration === undefined || this.refusals.has(file)) return undefined;
    const parameters = this.templates.get(declaration.parentFile)?.Resources?.[declaration.logicalId]?.Properties?.Parameters;
    const parent = this.indexOf(declaration.parentFile);
    if (parent === undefined || !isRecord(parameters)) return undefined;
    return { parent, parameters };
  }

  /**
   * The resources of the template `file` as an index linked to its parent and nested stacks, or
   * undefined when it is not a template of the sources.
   */
  public indexOf(file: string): ResourceIndex | undefined {
    const cached = this.indexes.get(file);
    if (cached !== undefined) return cached;
    const template = this.templates.get(file);
    if (template === undefined) return undefined;
    const index = ResourceIndex.fromTemplate(template);
    this.indexes.set(file, index);
    this.names.set(index, this.sources.find((s) => s.file === file)?.name ?? path.basename(file));
    this.link(index, file);
    return index;
  }

  /** Links an index of the template `file` (built here, or by the caller from the included template) to its parent and nested stacks. */
  public link(index: ResourceIndex, file: string): void {
    if (!this.names.has(index)) this.names.set(index, this.sources.find((s) => s.file === file)?.name ?? path.basename(file));
    index.linkParent(() => this.parentOf(file));
    index.linkChildren((logicalId, output) => this.outputOf(file, logicalId, output));
  }

  /** The name (as reports show it) of the template an index was built from. */
  public nameOf(index: unknown): string | undefined {
    return this.names.get(index as ResourceIndex);
  }

  private outputOf(parentFile: string, logicalId: string, output: string): ParameterValue | undefined {
    const declaration = this.byParent.get(`${parentFile}\u0000${logicalId}`);
    if (declaration === undefined || this.refusals.has(declaration.childFile)) return undefined;
    const value = this.templates.get(declaration.childFile)?.Outputs?.[output]?.Value;
    const child = this.indexOf(declaration.childFile);
    return value === undefined || child === undefined ? undefined : { stack: child, value };
  }

  /** Follows each template's chain of parents: a chain that comes back is a cycle, a long one is too deep. */
  private refuseCyclesAndDepth(reader: TemplateReader): void {
    const nameOf = (file: string) => this.sources.find((s) => s.file === file)?.name ?? path.basename(file);
    for (const file of this.byChild.keys()) {
      const chain = [file];
      for (let parent = this.byChild.get(file)?.parentFile; parent !== undefined; parent = this.byChild.get(parent)?.parentFile) {
        if (chain.includes(parent)) {
          const cycle = [parent, ...chain.slice(chain.indexOf(parent) + 1).reverse(), parent].map(nameOf).join(' → ');
          this.refusals.set(file, `in a cycle of nested stacks (${cycle}), which CloudFormation cannot create: not audited`);
          break;
        }
        chain.push(parent);
      }
      const depth = chain.length - 1;
      if (!this.refusals.has(file) && depth > reader.limits.maxNestedStackDepth) {
        this.refusals.set(file, `nested ${depth} stacks deep (${[...chain].reverse().map(nameOf).join(' → ')}), ${overLimit('maxNestedStackDepth', reader.limits)}`);
      }
    }
  }
}

/**
 * The audited file a nesting resource's template is: by its asset path, by the object key of its
 * TemplateURL, or by a local path relative to the parent template.
 */
function childTemplateFile(
  resource: Record<string, any>, source: TemplateSource, byBasename: ReadonlyMap<string, string>, byRealPath: ReadonlyMap<string, string>,
): string | undefined {
  const asset = resource.Metadata?.['aws:asset:path'];
  if (typeof asset === 'string' && byBasename.has(path.basename(asset))) return byBasename.get(path.basename(asset));
  const property = resource.Properties?.[NESTING_TYPES[resource.Type]];
  const location = renderTemplate(property);
  if (location === undefined) return undefined;
  for (const [key, file] of source.nestedTemplateKeys ?? new Map<string, string>()) {
    if (location.includes(key) && byBasename.has(path.basename(file))) return byBasename.get(path.basename(file));
  }
  const local = localTemplatePath(property, source.file);
  return local === undefined ? undefined : byRealPath.get(realPath(local));
}

/**
 * The file a `TemplateURL` / `Location` names when it is a local path (relative to the parent template's folder,
 * absolute, or a `file:` URL), as `sam package` and `aws cloudformation package` read it; undefined for a URL
 * (`https:`, `s3:`), an intrinsic, or a SAR application (a map).
 */
export function localTemplatePath(location: unknown, parentFile: string): string | undefined {
  if (typeof location !== 'string' || location.length === 0) return undefined;
  let local = location;
  if (/^file:/i.test(local)) {
    local = decodeURIComponent(local.replace(/^file:(\/\/(localhost)?(?=\/))?/i, ''));
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(local) || /^s3:/i.test(local)) {
    return undefined;
  }
  return path.resolve(path.dirname(parentFile), local);
}

function readTemplate(source: TemplateSource, reader: TemplateReader): Record<string, any> | undefined {
  try {
    const value = reader.read(source).value;
    return isRecord(value) && isRecord(value.Resources) ? value : undefined;
  } catch (e) {
    // The loader reports why the template cannot be read.
    if (e instanceof TemplateReadError) return undefined;
    throw e;
  }
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
