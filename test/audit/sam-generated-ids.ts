/**
 * Which SAM resource a CloudFormation logical id comes from, by the SAM translator's naming rules
 * (aws-sam-translator 1.110: model/api/*_generator.py, model/sam_resources.py, model/eventsources/push.py).
 *
 * SAM names what it generates after the resource that generates it: `<Api>Deployment<hash>`,
 * `<Api><Stage>Stage`, `<Function>Role`, `<Function><Event>Permission<Stage>`, … So a finding on a
 * generated resource of the translation and a finding on the SAM resource in the SAM template are about
 * the same thing when both ids lead to the same SAM resource.
 */

/** What each kind of SAM resource generates, as the suffix after its own logical id. */
const GENERATED_SUFFIXES: Record<string, RegExp> = {
  // api_generator.py: deployment (hash of the definition), stage `<StageName>Stage` (`Stage` + hash for
  // an intrinsic stage name; the implicit `Stage` stage is the deployment's StageName, not a resource),
  // usage plan, key and plan key, Lambda authorizer permissions, base path mappings.
  'AWS::Serverless::Api': /^(Deployment[0-9a-f]{10}|[A-Za-z0-9]*Stage|Stage[0-9a-f]{10}|UsagePlan|UsagePlanKey|ApiKey|[A-Za-z0-9]+AuthorizerPermission|[A-Za-z0-9]*BasePathMapping)$/,
  // http_api_generator.py: `ApiGatewayDefaultStage` for $default, `<StageName>Stage`, authorizer permissions, mappings.
  'AWS::Serverless::HttpApi': /^(ApiGatewayDefaultStage|[A-Za-z0-9]*Stage|Stage[0-9a-f]{10}|[A-Za-z0-9]+AuthorizerPermission|[A-Za-z0-9]*(BasePathMapping|ApiMapping))$/,
  // websocket_api_generator.py: `<Route>Route`, `<Route>Integration`, `<Route>Permission` per route key
  // (cleaned of `$` and non-alphanumerics), `ConnectAuthorizer`, `AuthorizerPermission`, the stage.
  'AWS::Serverless::WebSocketApi': /^([A-Za-z0-9]*(Route|Integration|Permission|Stage)|ConnectAuthorizer|AuthorizerPermission|DefaultStage|[A-Za-z0-9]*(BasePathMapping|ApiMapping))$/,
};

/** Shared resources SAM generates once per template (`UsagePlan.CreateUsagePlan: SHARED`). */
const SHARED = new Set(['ServerlessUsagePlan', 'ServerlessUsagePlanKey', 'ServerlessApiKey']);

/** The APIs SAM creates for function events that name none. */
const IMPLICIT_APIS: Record<string, string> = {
  ServerlessRestApi: 'AWS::Serverless::Api',
  ServerlessHttpApi: 'AWS::Serverless::HttpApi',
};

/** Maps logical ids of a SAM template's translation (or of the SAM template) to the SAM resource they come from. */
export class SamResourceOrigins {
  private readonly origins: { readonly id: string; readonly suffix: RegExp }[] = [];
  /** Resources the template declares: each is itself, whatever its name looks like. */
  private readonly declared: Set<string>;
  /** Per function, the method each `Api`/`HttpApi` event adds (`GET /orders`) and the API it adds it to. */
  private readonly eventMethods = new Map<string, { readonly method: string; readonly api: string }[]>();

  constructor(samTemplate: Record<string, any>) {
    const resources: Record<string, any> = { ...samTemplate.Resources };
    this.declared = new Set(Object.keys(resources));
    for (const [id, type] of Object.entries(IMPLICIT_APIS)) {
      if (resources[id] === undefined) resources[id] = { Type: type };
    }
    for (const [id, resource] of Object.entries(resources)) {
      const type = String(resource?.Type ?? '');
      const suffix = GENERATED_SUFFIXES[type] ?? (type.startsWith('AWS::Serverless::') ? eventSourceSuffixes(resource) : undefined);
      if (suffix) this.origins.push({ id, suffix });
      if (type === 'AWS::Serverless::Function') this.eventMethods.set(id, eventMethodsOf(resource));
    }
  }

  /**
   * The APIs a function's events add `method` (`GET /orders`) to: each event's `RestApiId` / `ApiId`, or the
   * implicit API; sorted, empty when no event adds it. A function may add the same method to several APIs.
   */
  apisOfEventMethod(functionId: string, method: string): string[] {
    return [...new Set((this.eventMethods.get(functionId) ?? []).filter((m) => m.method === method).map((m) => m.api))].sort();
  }

  /** The SAM resource `logicalId` comes from: itself when it is not a generated id. */
  originOf(logicalId: string): string {
    if (SHARED.has(logicalId) || this.declared.has(logicalId)) return logicalId;
    let best: string | undefined;
    for (const { id, suffix } of this.origins) {
      if (logicalId === id) return id;
      if (logicalId.startsWith(id) && suffix.test(logicalId.slice(id.length)) && (best === undefined || id.length > best.length)) best = id;
    }
    return best ?? logicalId;
  }
}

/** The methods a function's `Api` and `HttpApi` events add, by SAM's rules (an `HttpApi` event without path is `$default`). */
function eventMethodsOf(resource: any): { method: string; api: string }[] {
  const methods: { method: string; api: string }[] = [];
  for (const event of Object.values<any>(resource?.Properties?.Events ?? {})) {
    const props = event?.Properties ?? {};
    if (event?.Type === 'Api') {
      const api = typeof props.RestApiId?.Ref === 'string' ? props.RestApiId.Ref : 'ServerlessRestApi';
      methods.push({ method: `${String(props.Method).toUpperCase()} ${props.Path}`, api });
    } else if (event?.Type === 'HttpApi') {
      const api = typeof props.ApiId?.Ref === 'string' ? props.ApiId.Ref : 'ServerlessHttpApi';
      const method = props.Path === undefined ? '$default' : `${String(props.Method ?? 'ANY').toUpperCase()} ${props.Path}`;
      methods.push({ method, api });
    }
  }
  return methods;
}

/**
 * Functions, state machines and other SAM resources with `Events`: their role, alias, version, function URL,
 * deployment group, and per event `<Event>` followed by what the event source generates
 * (`Permission<Stage>`, `Queue`, `EventSourceMapping`, `Rule`, `Role`, …).
 */
function eventSourceSuffixes(resource: any): RegExp {
  const events = Object.keys(resource?.Properties?.Events ?? {}).filter((name) => /^[A-Za-z0-9]+$/.test(name));
  const perEvent = events.length > 0 ? `|(${events.join('|')})[A-Za-z0-9]*` : '';
  return new RegExp(`^(Role|Url|UrlPublicPermissions|Alias[A-Za-z0-9]+|Version[0-9a-f]{10}|DeploymentGroup|LogGroup${perEvent})$`);
}
