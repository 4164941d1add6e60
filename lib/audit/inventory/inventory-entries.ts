/**
 * The rows of an API inventory: plain readonly data (jsii structs), so a snapshot of them, or of their JSON, is
 * a reviewable list of the attack surface. No field holds an absolute path.
 */

/** One route (HTTP, WebSocket) or method (REST) of an API, with the security facts that apply to it. */
export interface InventoryRoute {
  /**
   * Template that declares the API, relative to the inventoried folder (`MyStack.template.json`,
   * `assembly-Prod/Prod-Api.template.json`), or the file name when a single template was read.
   * Routes of a nested stack (a route stack) are listed under the template of their API.
   */
  readonly template: string;

  /** Logical id of the API (for SAM, the `AWS::Serverless::*` resource; for the implicit API, `ServerlessRestApi`). */
  readonly api: string;

  /**
   * The API's `Name` as the template sets it (a rendered template such as `${AWS::StackName}-api` when it is built
   * from intrinsics).
   *
   * @default - the template sets no name (SAM's implicit APIs, an API named only by an OpenAPI body's title)
   */
  readonly apiName?: string;

  /** `REST`, `HTTP`, `WEBSOCKET`, or `unresolved` when the protocol cannot be read from the template. */
  readonly apiKind: string;

  /** `GET /orders`, `$default`, `$connect`; `unresolved` when the route's properties cannot be read. */
  readonly route: string;

  /** `NONE`, `AWS_IAM`, `JWT`, `CUSTOM`, `COGNITO_USER_POOLS`, or `unresolved`. */
  readonly authorization: string;

  /**
   * Name (or logical id) of the authorizer and its type, e.g. `CognitoAuthorizer (JWT)`.
   *
   * @default - no authorizer
   */
  readonly authorizer?: string;

  /**
   * Scopes the route requires (a token needs at least one): the route's `AuthorizationScopes`, or, for the
   * Portcullis JWT authorizer function (`RouteAuthorization.jwtLambda`, also on WebSocket `$connect`), the scopes its
   * configuration (environment variable `PORTCULLIS_JWT_AUTHORIZER`) enforces. Empty when it requires none.
   */
  readonly scopes: string[];

  /**
   * Why the route is public, as recorded by `RouteAuthorization.publicAccess(reason)` (metadata
   * `Portcullis::PublicRoute`) while the record still names this route.
   *
   * @default - the route was not declared public
   */
  readonly publicReason?: string;

  /** Per stage: `<stage>: rate <n>, burst <n>` or `<stage>: none`. */
  readonly throttling: string[];

  /** Per REST stage: `<stage>: yes|no|unresolved`; empty for HTTP and WebSocket APIs (no WAF support). */
  readonly waf: string[];

  /** Per stage: `<stage>: json|not-json|none|unresolved`. */
  readonly accessLogs: string[];

  /** `EDGE`/`REGIONAL`/`PRIVATE` for REST, and whether the default execute-api endpoint is on: `REGIONAL, default endpoint off`. */
  readonly endpoint: string;

  /**
   * Custom domains mapped to the API, with the TLS policy a client negotiates through them: the domain's
   * (`api.example.com (TLS_1_2)`), or, for a REST API with its own `SecurityPolicy`, the API's, which API Gateway
   * uses for the handshake through any domain the API is mapped to
   * (`api.example.com (SecurityPolicy_TLS13_1_3_2025_09, the API's policy; domain TLS_1_2)`).
   */
  readonly domains: string[];

  /** Logical id of the declared resource the route comes from (a function for SAM events, the API for quick create). */
  readonly declaredIn: string;
}

/** A template, or a part of one, the inventory could not read: its routes are missing from the inventory. */
export interface InventoryNotAudited {
  /** The file, relative to the inventoried folder. */
  readonly template: string;

  /** `template`, `serverless-framework`, `nested-stack`, `custom-resource` or `not-a-template`. */
  readonly kind: string;

  /**
   * Logical id of the resource not read (nested stacks, custom resources).
   *
   * @default - the whole template
   */
  readonly logicalId?: string;

  /**
   * CloudFormation type of that resource.
   *
   * @default - the whole template
   */
  readonly resourceType?: string;

  /** What it is and what to do. */
  readonly reason: string;
}
