/**
 * A resource CloudFormation or SAM creates without the template declaring it: the `$default`
 * route and stage of a quick-create HTTP API, the RestApi, stage, methods, authorizers and
 * domain SAM generates. Rules check it like a declared resource; its findings are reported on
 * `origin`, the declared resource it comes from.
 */
export interface ImplicitResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, any>;
  /** Logical id of the declared resource that creates it. */
  readonly origin: string;
  /**
   * Set when what the resource holds cannot be read (an intrinsic where SAM needs a literal):
   * every rule for its type reports `[unresolved:<this property>]`.
   */
  readonly unresolvedProperty?: string;
}

/** A declared resource, as the derivations read it. */
export interface DeclaredResource {
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, any>;
}
