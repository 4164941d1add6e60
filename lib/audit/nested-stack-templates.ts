import * as fs from 'fs';
import * as path from 'path';
import { TemplateSource } from './template-source';
import { renderTemplate } from '../nag/intrinsics';
import { ParentLink, ResourceIndex } from '../nag/resource-index';
import { ParameterValue } from '../nag/resource-view';

/** A nested stack declared in a template: the `AWS::CloudFormation::Stack` resource and the file of its template. */
interface NestedStackDeclaration {
  readonly parentFile: string;
  readonly logicalId: string;
  readonly childFile: string;
}

/**
 * How the templates of a cloud assembly nest: which `AWS::CloudFormation::Stack` resource of which
 * template each nested-stack template belongs to (from the resource's `aws:asset:path` metadata, or the
 * object key its `TemplateURL` names). Each template is audited on its own; this lets rules and the
 * inventory follow a nested stack's parameters to what its parent passes (a route in a route stack names
 * its API through one), and a parent's `Fn::GetAtt [Stack, Outputs.X]` into the nested template.
 *
 * Only JSON templates are read (CDK writes nothing else); others have no parent or children here.
 */
export class NestedStackTemplates {
  /** Reads the templates of `sources` and how they nest. */
  public static of(sources: readonly TemplateSource[]): NestedStackTemplates {
    return new NestedStackTemplates(sources);
  }

  private readonly templates = new Map<string, Record<string, any>>();
  private readonly byChild = new Map<string, NestedStackDeclaration>();
  private readonly byParent = new Map<string, NestedStackDeclaration>();
  private readonly indexes = new Map<string, ResourceIndex>();
  private readonly names = new Map<ResourceIndex, string>();

  private constructor(private readonly sources: readonly TemplateSource[]) {
    const byBasename = new Map(sources.map((s) => [path.basename(s.file), s.file]));
    for (const source of sources) {
      const template = readJsonTemplate(source.file);
      if (template === undefined) continue;
      this.templates.set(source.file, template);
      for (const [logicalId, resource] of Object.entries<any>(template.Resources)) {
        if (resource?.Type !== 'AWS::CloudFormation::Stack') continue;
        const childFile = childTemplateFile(resource, source, byBasename);
        if (childFile === undefined || childFile === source.file) continue;
        const declaration = { parentFile: source.file, logicalId, childFile };
        this.byChild.set(childFile, declaration);
        this.byParent.set(`${source.file}\u0000${logicalId}`, declaration);
      }
    }
  }

  /** What the parent of the template `file` passes to it, or undefined for a top-level template. */
  public parentOf(file: string): ParentLink | undefined {
    const declaration = this.byChild.get(file);
    if (declaration === undefined) return undefined;
    const parameters = this.templates.get(declaration.parentFile)?.Resources?.[declaration.logicalId]?.Properties?.Parameters;
    const parent = this.indexOf(declaration.parentFile);
    if (parent === undefined || !isRecord(parameters)) return undefined;
    return { parent, parameters };
  }

  /**
   * The resources of the template `file` as an index linked to its parent and nested stacks, or
   * undefined when it is not a JSON template of the sources.
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
    if (declaration === undefined) return undefined;
    const value = this.templates.get(declaration.childFile)?.Outputs?.[output]?.Value;
    const child = this.indexOf(declaration.childFile);
    return value === undefined || child === undefined ? undefined : { stack: child, value };
  }
}

/** The audited file a nested-stack resource's template is: by its asset path, or by the object key of its TemplateURL. */
function childTemplateFile(resource: Record<string, any>, source: TemplateSource, byBasename: ReadonlyMap<string, string>): string | undefined {
  const asset = resource.Metadata?.['aws:asset:path'];
  if (typeof asset === 'string' && byBasename.has(path.basename(asset))) return byBasename.get(path.basename(asset));
  const location = renderTemplate(resource.Properties?.TemplateURL);
  if (location === undefined) return undefined;
  for (const [key, file] of source.nestedTemplateKeys ?? new Map<string, string>()) {
    if (location.includes(key) && byBasename.has(path.basename(file))) return byBasename.get(path.basename(file));
  }
  return undefined;
}

function readJsonTemplate(file: string): Record<string, any> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch {
    return undefined;
  }
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(text);
    return isRecord(parsed) && isRecord(parsed.Resources) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
