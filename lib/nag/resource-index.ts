import { CfnResource, Stack } from 'aws-cdk-lib';

/**
 * A per-stack index of CloudFormation resources with their resolved properties.
 *
 * Relational rules (stage ↔ WAF association, route ↔ authorizer, ...) look
 * resources up by logical id and by type instead of walking the construct tree
 * for every resource they check. Properties are read as CDK renders them
 * (`_toCloudFormation()`, so raw overrides such as `addPropertyOverride` are
 * included) and resolved once per index.
 *
 * Lifetime: inside `withValidationSession` (which `PortcullisChecks` wraps each
 * validation in) an index is built at most once per stack and thrown away when
 * the validation ends, so a tree that grows or changes between validations is
 * never served stale. Outside a session every lookup builds a fresh index.
 */
export class StackResourceIndex {
  /** Index the resources that belong to `stack` (not to nested stacks). */
  public static build(stack: Stack): StackResourceIndex {
    const index = new StackResourceIndex(stack);
    for (const construct of stack.node.findAll()) {
      if (CfnResource.isCfnResource(construct) && Stack.of(construct) === stack) {
        index.add(construct);
      }
    }
    return index;
  }

  private readonly byNode = new Map<CfnResource, IndexedResource>();
  private readonly byLogicalId = new Map<string, IndexedResource>();
  private readonly byType = new Map<string, IndexedResource[]>();
  private readonly derived = new Map<string, unknown>();

  private constructor(private readonly stack: Stack) {}

  /** The indexed resource for a construct, or undefined if it is not in this stack. */
  public entryOf(node: CfnResource): IndexedResource | undefined {
    return this.byNode.get(node);
  }

  /** The resource with this logical id in this stack, if any. */
  public byId(logicalId: string): IndexedResource | undefined {
    return this.byLogicalId.get(logicalId);
  }

  /** All resources of a CloudFormation type in this stack. */
  public ofType(type: string): readonly IndexedResource[] {
    return this.byType.get(type) ?? [];
  }

  /**
   * Compute a value derived from the whole index once (e.g. "the set of API ids
   * mapped to a custom domain") and reuse it for every resource checked.
   */
  public memo<T>(key: string, compute: (index: StackResourceIndex) => T): T {
    if (!this.derived.has(key)) this.derived.set(key, compute(this));
    return this.derived.get(key) as T;
  }

  private add(node: CfnResource): void {
    const logicalId = this.stack.resolve(node.logicalId) as string;
    const entry = new IndexedResource(node, logicalId, node.cfnResourceType, this.stack);
    this.byNode.set(node, entry);
    this.byLogicalId.set(logicalId, entry);
    const sameType = this.byType.get(entry.type);
    if (sameType) sameType.push(entry);
    else this.byType.set(entry.type, [entry]);
  }
}

/** One resource of the index; its properties are resolved on first use. */
export class IndexedResource {
  private resolved?: Record<string, any>;

  constructor(
    public readonly node: CfnResource,
    public readonly logicalId: string,
    public readonly type: string,
    private readonly stack: Stack,
  ) {}

  /** The resource's `Properties` after overrides and token resolution (never undefined). */
  public get properties(): Record<string, any> {
    if (this.resolved === undefined) this.resolved = resolvedProperties(this.node, this.stack);
    return this.resolved;
  }
}

function resolvedProperties(node: CfnResource, stack: Stack): Record<string, any> {
  const rendered = stack.resolve((node as any)._toCloudFormation()) as { Resources?: Record<string, { Properties?: Record<string, any> }> };
  const resources = Object.values(rendered.Resources ?? {});
  return resources[0]?.Properties ?? {};
}

let session: WeakMap<Stack, StackResourceIndex> | undefined;

/**
 * Run `fn` with a fresh index cache: every stack is indexed at most once during
 * `fn`, and the cache is dropped afterwards. Sessions nest (the inner one wins).
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

/** The index of the stack a resource belongs to. */
export function indexOf(node: CfnResource): StackResourceIndex {
  const stack = Stack.of(node);
  if (session === undefined) return StackResourceIndex.build(stack);
  let index = session.get(stack);
  if (index === undefined) {
    index = StackResourceIndex.build(stack);
    session.set(stack, index);
  }
  return index;
}

/** The resolved properties of a resource (through the current session's index). */
export function propertiesOf(node: CfnResource): Record<string, any> {
  const entry = session === undefined ? undefined : indexOf(node).entryOf(node);
  return entry ? entry.properties : resolvedProperties(node, Stack.of(node));
}
