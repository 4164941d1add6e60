/**
 * What Portcullis rules read: plain views of a template's resources and of the acknowledgements
 * recorded on constructs. No construct, no `CfnResource`, no aws-cdk-lib: the pack builds these
 * views from a construct tree (`resource-index.ts`), and the same rules could evaluate a template
 * file or an AWS Config configuration item once something builds the views from it.
 */

/** One resource of a template. */
export interface ResourceView {
  /** The CloudFormation type, e.g. `AWS::ApiGatewayV2::Route`. */
  readonly type: string;

  /** The resource's logical id in its template. */
  readonly logicalId: string;

  /**
   * The resource's `Properties` as the template holds them: plain JSON values and intrinsics in
   * long form (`{ Ref }`, `{ 'Fn::GetAtt': [...] }`, ...), raw overrides included. Never undefined.
   */
  readonly properties: Record<string, any>;

  /**
   * The resource's template `Metadata` (e.g. the `Portcullis::PublicRoute` record of a declared public
   * route), as plain JSON. Undefined when the resource has none, or for a resource created implicitly.
   */
  readonly metadata?: Record<string, any>;

  /** The resources of the same template, for relational lookups (route → API, stage ← WAF association). */
  readonly stack: StackView;
}

/** The resources of one template (one stack; a nested stack is a template of its own). */
export interface StackView {
  /** The resource with this logical id, if the template has one. */
  byId(logicalId: string): ResourceView | undefined;

  /** Every resource of a CloudFormation type, in template order. */
  ofType(type: string): readonly ResourceView[];

  /**
   * A value derived from the whole template (e.g. "the APIs mapped to a custom domain"), computed
   * once per `key` and reused for every resource checked.
   */
  memo<T>(key: string, compute: (stack: StackView) => T): T;

  /**
   * The resources CloudFormation or SAM creates from the declared resource `logicalId` without the
   * template declaring them (the route and stage of a quick-create HTTP API; what SAM generates).
   * `byId` and `ofType` include them; a SAM API's logical id names the API SAM creates.
   */
  implicitOf?(logicalId: string): readonly ImplicitResourceView[];

  /**
   * For a nested stack's template: the value its parent passes for parameter `name` (the
   * `Parameters` of the parent's `AWS::CloudFormation::Stack` resource), with the parent's resources
   * to read it against. Undefined for a top-level template, or a parameter the parent does not pass.
   */
  parameter?(name: string): ParameterValue | undefined;

  /**
   * The value output `output` of the nested stack declared as resource `logicalId` of this template
   * (what `Fn::GetAtt [logicalId, Outputs.<output>]` reads), with the nested template's resources.
   * Undefined when the nested template is not known.
   */
  nestedOutput?(logicalId: string, output: string): ParameterValue | undefined;
}

/** The value a parent stack passes for a parameter of a nested stack. */
export interface ParameterValue {
  /** The parent's template, where `value` is read. */
  readonly stack: StackView;
  /** The value as the parent's `AWS::CloudFormation::Stack` resource writes it (e.g. `{ Ref: 'Api' }`). */
  readonly value: unknown;
}

/** A resource created implicitly from a declared one (see {@link StackView.implicitOf}). */
export interface ImplicitResourceView extends ResourceView {
  /** Logical id of the declared resource it comes from; its findings are reported there. */
  readonly origin: string;
  /** Set when what it holds cannot be read: each rule for its type reports `[unresolved:<this>]`. */
  readonly unresolvedProperty?: string;
}

/** One acknowledgement recorded with `Validations.of(scope).acknowledge({ id, reason })`. */
export interface AcknowledgementView {
  /** The acknowledged rule id as the user wrote it (an `Annotation::` namespace removed), e.g. `Portcullis-RestWaf`. */
  readonly ruleId: string;

  /** The reason as recorded (anything that is not a string counts as no reason). */
  readonly reason: unknown;

  /**
   * Whether it is declared on a stack or a construct within one. The cloud assembly records construct
   * metadata per stack, so an acknowledgement on the App or a Stage leaves no trace an audit can read.
   */
  readonly declaredInStack: boolean;
}
