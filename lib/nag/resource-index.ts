import { CfnOutput, CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import { implicitResources, IMPLICIT_SOURCE_TYPES } from './implicit/implicit-resources';
import { ImplicitResourceView, ParameterValue, ResourceView, StackView } from './resource-view';

/**
 * A {@link StackView} over one template's resources, looked up by logical id and by type, with
 * each resource's properties computed on first use.
 *
 * Built from a plain template ({@link ResourceIndex.fromTemplate}) or from the `CfnResource`s of a
 * CDK stack ({@link CdkStackIndex}); rules cannot tell the two apart.
 */
export class ResourceIndex implements StackView {
  /**
   * Index a template as JSON (`{ Resources: { Id: { Type, Properties } } }`): no construct tree,
   * no synthesis.
   */
  public static fromTemplate(template: unknown): ResourceIndex {
    const index = new ResourceIndex();
    const resources = isRecord(template) && isRecord(template.Resources) ? template.Resources : {};
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (!isRecord(resource) || typeof resource.Type !== 'string') continue;
      const properties = isRecord(resource.Properties) ? resource.Properties : {};
      const metadata = isRecord(resource.Metadata) ? resource.Metadata : undefined;
      index.add(logicalId, resource.Type, () => ({ properties, metadata }));
    }
    return index;
  }

  private readonly byLogicalId = new Map<string, ResourceView>();
  private readonly byType = new Map<string, ResourceView[]>();
  private readonly derived = new Map<string, unknown>();
  private readonly declared: ResourceView[] = [];
  private implicit?: Map<string, ImplicitResourceView[]>;
  private parentLink?: () => ParentLink | undefined;
  private childOutputs?: (logicalId: string, output: string) => ParameterValue | undefined;
  private parentResolved?: ParentLink | null;

  public byId(logicalId: string): ResourceView | undefined {
    this.expand();
    return this.byLogicalId.get(logicalId);
  }

  public ofType(type: string): readonly ResourceView[] {
    this.expand();
    return this.byType.get(type) ?? [];
  }

  public implicitOf(logicalId: string): readonly ImplicitResourceView[] {
    this.expand();
    return this.implicit?.get(logicalId) ?? [];
  }

  public parameter(name: string): ParameterValue | undefined {
    if (this.parentResolved === undefined) this.parentResolved = this.parentLink?.() ?? null;
    const link = this.parentResolved;
    if (link === null || !Object.prototype.hasOwnProperty.call(link.parameters, name)) return undefined;
    return { stack: link.parent, value: link.parameters[name] };
  }

  public nestedOutput(logicalId: string, output: string): ParameterValue | undefined {
    return this.childOutputs?.(logicalId, output);
  }

  /** Lets `nestedOutput()` read the outputs of this template's nested stacks. */
  public linkChildren(outputs: (logicalId: string, output: string) => ParameterValue | undefined): void {
    this.childOutputs = outputs;
  }

  /**
   * Makes this index the template of a nested stack: `parameter()` reads what the parent passes.
   * @param link computes the parent and the `Parameters` of its `AWS::CloudFormation::Stack` resource; called on first use
   */
  public linkParent(link: () => ParentLink | undefined): void {
    this.parentLink = link;
    this.parentResolved = undefined;
  }

  public memo<T>(key: string, compute: (stack: StackView) => T): T {
    if (!this.derived.has(key)) this.derived.set(key, compute(this));
    return this.derived.get(key) as T;
  }

  /** Every declared resource, in the order added. */
  public all(): readonly ResourceView[] {
    return [...this.declared];
  }

  /**
   * Add a resource.
   * @param rendered computes the resource's properties and metadata; called at most once, when a rule first reads them
   */
  public add(logicalId: string, type: string, rendered: () => RenderedResource): ResourceView {
    const view = new IndexedResource(logicalId, type, rendered, this);
    this.declared.push(view);
    this.implicit = undefined;
    this.index(view);
    return view;
  }

  private index(view: ResourceView): void {
    this.byLogicalId.set(view.logicalId, view);
    const sameType = this.byType.get(view.type);
    if (sameType) sameType.push(view);
    else this.byType.set(view.type, [view]);
  }

  /**
   * Adds the resources created implicitly (once, on the first lookup): they replace a SAM API under
   * its logical id, as SAM does, and are listed by type.
   */
  private expand(): void {
    if (this.implicit !== undefined) return;
    this.implicit = new Map();
    const sources = this.declared.filter((view) => IMPLICIT_SOURCE_TYPES.has(view.type));
    if (sources.length === 0) return;
    const declared = sources.map((view) => ({ logicalId: view.logicalId, type: view.type, properties: view.properties }));
    for (const resource of implicitResources(declared)) {
      const view: ImplicitResourceView = {
        logicalId: resource.logicalId,
        type: resource.type,
        properties: resource.properties,
        stack: this,
        origin: resource.origin,
        unresolvedProperty: resource.unresolvedProperty,
      };
      this.index(view);
      this.implicit.set(resource.origin, [...(this.implicit.get(resource.origin) ?? []), view]);
    }
  }
}

/** A resource's `Properties` and `Metadata` as its template holds them. */
export interface RenderedResource {
  readonly properties: Record<string, any>;
  readonly metadata?: Record<string, any>;
}

/** A nested stack's parent: its template, and the `Parameters` it passes to the nested stack. */
export interface ParentLink {
  readonly parent: StackView;
  readonly parameters: Record<string, unknown>;
}

/** One resource of an index; its properties are computed on first use. */
class IndexedResource implements ResourceView {
  private resolved?: RenderedResource;

  constructor(
    public readonly logicalId: string,
    public readonly type: string,
    private readonly compute: () => RenderedResource,
    public readonly stack: StackView,
  ) {}

  public get properties(): Record<string, any> {
    return this.rendered().properties;
  }

  public get metadata(): Record<string, any> | undefined {
    return this.rendered().metadata;
  }

  private rendered(): RenderedResource {
    if (this.resolved === undefined) this.resolved = this.compute();
    return this.resolved;
  }
}

/**
 * The index of the `CfnResource`s that belong to one CDK stack (not to its nested stacks, which
 * are templates of their own), and the view of each.
 *
 * Properties are read as CDK renders them (`_toCloudFormation()`, so raw overrides such as
 * `addPropertyOverride` are included) and resolved with `Stack.resolve`. This is the only place
 * the pack reads a `CfnResource`.
 */
export class CdkStackIndex {
  /** Index the resources that belong to `stack`. */
  public static build(stack: Stack): CdkStackIndex {
    const built = new CdkStackIndex();
    if (NestedStack.isNestedStack(stack)) built.index.linkParent(() => nestedStackParent(stack));
    const linked = TEMPLATE_PARENTS.get(stack);
    if (linked !== undefined) built.index.linkParent(() => linked);
    built.index.linkChildren((logicalId, output) => nestedStackOutput(stack, logicalId, output));
    for (const construct of stack.node.findAll()) {
      if (CfnResource.isCfnResource(construct) && Stack.of(construct) === stack) {
        const logicalId = stack.resolve(construct.logicalId) as string;
        built.views.set(construct, built.index.add(logicalId, construct.cfnResourceType, () => renderedResource(construct, stack)));
      }
    }
    return built;
  }

  public readonly index = new ResourceIndex();
  private readonly views = new Map<CfnResource, ResourceView>();

  private constructor() {}

  /** The view of a resource of this stack, or undefined if it belongs to another stack. */
  public viewOf(node: CfnResource): ResourceView | undefined {
    return this.views.get(node);
  }
}

/**
 * The parent of a CDK nested stack: its index (shared in a validation session) and the parameters its
 * `AWS::CloudFormation::Stack` resource passes. Cross-stack references become these parameters when
 * the app is prepared for synthesis, as a validation plugin sees it; before that there are none.
 */
function nestedStackParent(stack: NestedStack): ParentLink | undefined {
  const parentStack = stack.nestedStackParent;
  const resource = stack.nestedStackResource;
  if (parentStack === undefined || resource === undefined) return undefined;
  const parameters = renderedResource(resource, parentStack).properties.Parameters;
  if (!isRecord(parameters)) return undefined;
  return { parent: indexOf(parentStack).index, parameters };
}

/**
 * The value of output `output` of the CDK nested stack declared in `stack` as resource `logicalId` (what
 * `Fn::GetAtt [logicalId, Outputs.<output>]` reads: a resource of one route stack named in a sibling
 * passes through the parent this way), with the nested stack's index. Cross-stack outputs exist once
 * the app is prepared for synthesis, as a validation plugin sees it.
 */
function nestedStackOutput(stack: Stack, logicalId: string, output: string): ParameterValue | undefined {
  for (const child of stack.node.findAll()) {
    if (!NestedStack.isNestedStack(child) || child.nestedStackParent !== stack) continue;
    const resource = child.nestedStackResource;
    if (resource === undefined || stack.resolve(resource.logicalId) !== logicalId) continue;
    const declared = child.node.findAll()
      .find((c): c is CfnOutput => c instanceof CfnOutput && Stack.of(c) === child && child.resolve(c.logicalId) === output);
    return declared === undefined ? undefined : { stack: indexOf(child).index, value: child.resolve(declared.value) };
  }
  return undefined;
}

const TEMPLATE_PARENTS = new WeakMap<Stack, ParentLink>();

/**
 * Records that the template included in `stack` is a nested stack of `link.parent` (the audit includes
 * each template of a cloud assembly into a stack of its own), so rules follow its parameters there.
 */
export function linkTemplateParent(stack: Stack, link: ParentLink): void {
  TEMPLATE_PARENTS.set(stack, link);
}

function renderedResource(node: CfnResource, stack: Stack): RenderedResource {
  type Rendered = { Resources?: Record<string, { Properties?: Record<string, any>; Metadata?: unknown }> };
  const template = stack.resolve((node as any)._toCloudFormation()) as Rendered;
  const [resource] = Object.values(template.Resources ?? {});
  return { properties: resource?.Properties ?? {}, metadata: isRecord(resource?.Metadata) ? resource.Metadata : undefined };
}

let session: WeakMap<Stack, CdkStackIndex> | undefined;

/**
 * Run `fn` with a fresh index cache: every stack is indexed at most once during `fn`, and the
 * cache is dropped afterwards, so a tree that grows or changes between validations is never served
 * stale. Sessions nest (the inner one wins). `PortcullisChecks` wraps each validation in one.
 */
export function withValidationSession<T>(fn: () => T): T {
  const outer = session;
  session = new WeakMap();
  try {
    return fn();
  } finally {
    session = outer;
  }
}

/**
 * The view of a `CfnResource`, with its stack's index for relational lookups. Inside a session the
 * index is shared by every resource of the stack; outside one each call indexes the stack afresh.
 */
export function resourceViewOf(node: CfnResource): ResourceView {
  const stack = Stack.of(node);
  const cached = session?.get(stack)?.viewOf(node);
  if (cached !== undefined) return cached;
  // Not indexed yet, or added to the tree after the stack was indexed in this session.
  const index = CdkStackIndex.build(stack);
  session?.set(stack, index);
  const view = index.viewOf(node);
  if (view === undefined) throw new Error(`${node.node.path} is not a resource of ${stack.node.path}`);
  return view;
}

/** The index of a stack, shared in a validation session. */
function indexOf(stack: Stack): CdkStackIndex {
  const cached = session?.get(stack);
  if (cached !== undefined) return cached;
  const index = CdkStackIndex.build(stack);
  session?.set(stack, index);
  return index;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
