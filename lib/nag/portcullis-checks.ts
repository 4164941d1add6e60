import { CfnResource, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { withValidationSession } from './resource-index';
import { RULES_BY_NAME } from './rules';

/**
 * A named finding a Portcullis rule can report in addition to its main one,
 * reported with the id `<rule id>[<suffix>]`.
 */
export interface PortcullisFindingInfo {
  /**
   * The suffix inside the brackets, e.g. `missing` or `unresolved:<Property>`
   * (where `<Property>` is the CloudFormation property that could not be read).
   */
  readonly suffix: string;

  /** What the finding means and what to change. */
  readonly meaning: string;
}

/** One rule of the Portcullis pack, as the pack reports it and the audit command prints it. */
export interface PortcullisRuleInfo {
  /** The rule id, e.g. `Portcullis-RouteAuthorization`; acknowledge findings with this id. */
  readonly id: string;

  /** The severity the pack reports the rule's findings with. */
  readonly level: NagMessageLevel;

  /** One line: why the rule triggered. */
  readonly info: string;

  /** Why the rule matters. */
  readonly explanation: string;

  /** What to change, naming the CDK prop where there is one. */
  readonly fix: string;

  /** The CloudFormation resource types the rule checks. */
  readonly resourceTypes: string[];

  /**
   * The named findings besides the main one (`<id>`).
   * @default - none
   */
  readonly findings?: PortcullisFindingInfo[];
}

const UNRESOLVED_MEANING =
  'The property is an imported value, a parameter or an intrinsic the pack cannot evaluate at synth time, so compliance cannot be shown. Use a value known at synth time, or acknowledge the finding with the reason it is safe.';

function unresolvedFinding(): PortcullisFindingInfo {
  return { suffix: 'unresolved:<Property>', meaning: UNRESOLVED_MEANING };
}

const RULES: PortcullisRuleInfo[] = [
  {
    id: 'Portcullis-RouteAuthorization',
    level: NagMessageLevel.ERROR,
    info: 'The route or method has no authorization (AuthorizationType NONE or absent).',
    explanation:
      'Anyone who can reach the endpoint can call an unauthorized route. HTTP routes and REST methods each carry their own authorization; on WebSocket APIs only the $connect route can, so it decides who may open a connection. REST OPTIONS methods with a MOCK integration (CORS preflight) and WebSocket routes other than $connect are not reported.',
    fix: 'Give the route an authorizer: `authorizer` on `HttpApi.addRoutes` / `HttpRoute` (or `defaultAuthorizer` on the `HttpApi`), `authorizer` / `authorizationType` on `Resource.addMethod` (or `defaultMethodOptions` on the `RestApi`), and `authorizer` in `connectRouteOptions` of a `WebSocketApi`. Acknowledge a deliberately public route.',
    resourceTypes: ['AWS::ApiGatewayV2::Route', 'AWS::ApiGateway::Method'],
    findings: [
      { suffix: 'missing-authorizer', meaning: 'AuthorizationType is JWT, CUSTOM or COGNITO_USER_POOLS but no AuthorizerId is set: attach the authorizer to the route.' },
      unresolvedFinding(),
    ],
  },
  {
    id: 'Portcullis-StageThrottling',
    level: NagMessageLevel.ERROR,
    info: 'The stage does not set both a default rate limit and a default burst limit.',
    explanation:
      'Without stage throttling every route shares only the account-level limit, so one noisy client or one flooded route can exhaust it for every API in the account and region, and drive up backend cost.',
    fix: 'HTTP/WebSocket: set `throttle: { rateLimit, burstLimit }` on the stage (`HttpStage`, `WebSocketStage`, or `defaultStage` options). REST: set `deployOptions: { throttlingRateLimit, throttlingBurstLimit }` on the `RestApi` (or the same props on a `Stage`), which writes the `*` `/*` MethodSettings entry.',
    resourceTypes: ['AWS::ApiGatewayV2::Stage', 'AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment'],
    findings: [unresolvedFinding()],
  },
  {
    id: 'Portcullis-AccessLogs',
    level: NagMessageLevel.ERROR,
    info: 'The stage does not write JSON access logs to a retained, KMS-encrypted log group.',
    explanation:
      'Access logs are the record of who called what; without them an incident cannot be investigated. JSON logs can be queried with CloudWatch Logs Insights; a log group without retention keeps personal data forever, and without a customer-managed KMS key its contents are not under your key policy.',
    fix: 'HTTP/WebSocket: set `accessLogSettings: { destination: new LogGroupLogDestination(logGroup), format: AccessLogFormat.jsonWithStandardFields() }` on the stage. REST: set `deployOptions: { accessLogDestination: new LogGroupLogDestination(logGroup), accessLogFormat: AccessLogFormat.jsonWithStandardFields() }`. Create the log group with `retention` and `encryptionKey`.',
    resourceTypes: ['AWS::ApiGatewayV2::Stage', 'AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment'],
    findings: [
      { suffix: 'missing', meaning: 'No access-log destination is configured on the stage.' },
      { suffix: 'not-json', meaning: 'The access-log format is absent or is not a JSON object once $context variables are filled in: use `AccessLogFormat.jsonWithStandardFields()` or a custom JSON format.' },
      { suffix: 'log-group-retention', meaning: 'The destination log group has no `retention` (RetentionInDays), so logs are kept forever.' },
      { suffix: 'log-group-kms', meaning: 'The destination log group has no `encryptionKey` (KmsKeyId).' },
      {
        suffix: 'unresolved:DestinationArn',
        meaning: 'The destination is not a log group in this stack (an imported log group or a Firehose stream), so its retention and encryption cannot be checked: create the log group in the stack, or acknowledge with the reason it is compliant.',
      },
      unresolvedFinding(),
    ],
  },
  {
    id: 'Portcullis-RestDataTrace',
    level: NagMessageLevel.ERROR,
    info: 'The REST stage enables data tracing, which logs full request and response bodies.',
    explanation:
      'Data tracing writes whole payloads, including tokens, passwords and personal data, into CloudWatch execution logs where anyone with log access can read them. AWS recommends it only for short debugging sessions.',
    fix: 'Remove `dataTraceEnabled: true` from `deployOptions` / `methodOptions` of the `RestApi` or `Stage`; keep `loggingLevel` at ERROR or INFO for execution logs.',
    resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment'],
    findings: [unresolvedFinding()],
  },
  {
    id: 'Portcullis-DomainTlsPolicy',
    level: NagMessageLevel.ERROR,
    info: 'The custom domain accepts TLS versions below 1.2.',
    explanation:
      'TLS 1.0 and 1.1 are deprecated (RFC 8996) and vulnerable to downgrade attacks. A REST custom domain without a SecurityPolicy uses TLS_1_0; HTTP and WebSocket custom domains default to TLS_1_2.',
    fix: 'Set `securityPolicy: SecurityPolicy.TLS_1_2` (or an enhanced `SecurityPolicy_TLS13_*` policy) on the REST `DomainName` / `domainName` options; on a v2 `DomainName` leave `securityPolicy` unset or set `SecurityPolicy.TLS_1_2`.',
    resourceTypes: ['AWS::ApiGateway::DomainName', 'AWS::ApiGatewayV2::DomainName'],
    findings: [
      { suffix: 'unrecognised-policy', meaning: 'The security policy name is not one the pack knows; check it enforces TLS 1.2 or higher and acknowledge, or use a known policy.' },
      unresolvedFinding(),
    ],
  },
  {
    id: 'Portcullis-DefaultEndpointDisabled',
    level: NagMessageLevel.ERROR,
    info: 'The API is mapped to a custom domain but its default execute-api endpoint is still enabled.',
    explanation:
      'Controls placed on the custom domain (mutual TLS, the TLS policy, a WAF or CDN in front of it) are bypassed by calling https://<api-id>.execute-api.<region>.amazonaws.com directly.',
    fix: 'Set `disableExecuteApiEndpoint: true` on the `HttpApi`, `WebSocketApi` or `RestApi`.',
    resourceTypes: [
      'AWS::ApiGateway::RestApi',
      'AWS::ApiGatewayV2::Api',
      'AWS::ApiGateway::BasePathMapping',
      'AWS::ApiGateway::BasePathMappingV2',
      'AWS::ApiGatewayV2::ApiMapping',
    ],
    findings: [
      {
        suffix: 'unresolved:RestApiId',
        meaning: 'A REST custom-domain mapping points at an API outside this stack, whose default endpoint cannot be checked: disable it on that API and acknowledge here.',
      },
      {
        suffix: 'unresolved:ApiId',
        meaning: 'A v2 API mapping points at an API outside this stack, whose default endpoint cannot be checked: disable it on that API and acknowledge here.',
      },
      unresolvedFinding(),
    ],
  },
  {
    id: 'Portcullis-LambdaPermissionSourceArn',
    level: NagMessageLevel.ERROR,
    info: 'The Lambda permission lets API Gateway invoke the function without a SourceArn scoping it to one API.',
    explanation:
      'A permission for apigateway.amazonaws.com without a SourceArn, or with a wildcard API id or account, lets any API Gateway API (in any account, for an account wildcard) invoke the function: a confused-deputy path around your authorizers.',
    fix: 'Use the integration classes (`HttpLambdaIntegration`, `LambdaIntegration`, `WebSocketLambdaIntegration`), which scope the permission; or pass `sourceArn: api.arnForExecuteApi()` (REST) / `Stack.formatArn({ service: "execute-api", resource: api.apiId, resourceName: "*/*" })` to `addPermission`.',
    resourceTypes: ['AWS::Lambda::Permission'],
    findings: [
      { suffix: 'api-wildcard', meaning: 'The API-id part of the SourceArn is a wildcard: name one API.' },
      { suffix: 'account-wildcard', meaning: 'The account part of the SourceArn is a wildcard or empty: use the API\'s account.' },
      { suffix: 'not-execute-api', meaning: 'The SourceArn is not an execute-api ARN.' },
      unresolvedFinding(),
    ],
  },
  {
    id: 'Portcullis-JwtAudience',
    level: NagMessageLevel.ERROR,
    info: 'The JWT authorizer does not restrict the token audience.',
    explanation:
      'Without an audience, any token the issuer signs for any client or API is accepted, so a token obtained for another application can call this API. A blank audience (empty or only spaces) names no client.',
    fix: 'Set `jwtAudience` on `HttpJwtAuthorizer` (or `userPoolClients` on `HttpUserPoolAuthorizer`); for a REST native JWT authorizer set `Audiences` on every issuer in `JwtConfiguration.Issuers`.',
    resourceTypes: ['AWS::ApiGatewayV2::Authorizer', 'AWS::ApiGateway::Authorizer'],
    findings: [unresolvedFinding()],
  },
  {
    id: 'Portcullis-CognitoJwtScopes',
    level: NagMessageLevel.ERROR,
    info: 'The route or method accepts Amazon Cognito user pool tokens but requires no authorization scopes (an empty list, or only blank scopes).',
    explanation:
      'HTTP: Cognito access tokens carry no `aud` claim (the client id is in `client_id`), so a JWT authorizer\'s audience check does not say who the token is for; without scopes any access token from the user pool, for any app client, is accepted. REST: a COGNITO_USER_POOLS method without scopes accepts an ID token of any app client of the pool; with scopes it requires an access token carrying one of them. An issuer that is a parameter, an import or another value known only at deploy time could be a user pool, so it is reported as unresolved unless its literal host shows it is not Cognito.',
    fix: 'HTTP: set `authorizationScopes` on the route (`HttpApi.addRoutes({ authorizationScopes })`) or `defaultAuthorizationScopes` on the `HttpApi`. REST: set `authorizationScopes` in the `addMethod` options (or `defaultMethodOptions` of the `RestApi`). Use resource-server scopes granted only to the intended clients.',
    resourceTypes: ['AWS::ApiGatewayV2::Route', 'AWS::ApiGateway::Method'],
    findings: [
      {
        suffix: 'unresolved:Issuer',
        meaning: 'The JWT issuer is built from a value known only at deploy time (a parameter, an import, an attribute of another resource) and its host is not a literal non-Cognito host, so it may be a user pool: set `authorizationScopes`, use a literal issuer, or acknowledge with the reason the issuer is not Cognito.',
      },
      unresolvedFinding(),
    ],
  },
  {
    id: 'Portcullis-AuthorizerCacheKey',
    level: NagMessageLevel.ERROR,
    info: 'The REQUEST authorizer caches its result under a key that does not include the caller\'s credential.',
    explanation:
      'API Gateway caches a REQUEST authorizer\'s decision keyed by its identity sources. If these are only context or stage variables, the first caller\'s allow (or deny) decision is served to every other caller until the TTL expires. REST caches for 300 seconds unless the TTL is set.',
    fix: 'Include the credential in `identitySource` (e.g. `IdentitySource.header("Authorization")` for REST, `$request.header.Authorization` for HTTP, `route.request.header.Authorization` for WebSocket), or disable caching with `resultsCacheTtl: Duration.seconds(0)`.',
    resourceTypes: ['AWS::ApiGatewayV2::Authorizer', 'AWS::ApiGateway::Authorizer'],
    findings: [unresolvedFinding()],
  },
  {
    id: 'Portcullis-RestWaf',
    level: NagMessageLevel.ERROR,
    info: 'The REST API stage is not associated with an AWS WAFv2 web ACL in this stack.',
    explanation:
      'A web ACL filters common exploits, bots and floods before they reach your integrations and authorizers, and adds rate-based rules per client IP that stage throttling does not offer.',
    fix: 'Create a `wafv2.CfnWebACLAssociation` with `resourceArn: restApi.deploymentStage.stageArn` and the web ACL\'s ARN.',
    resourceTypes: ['AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment'],
    findings: [
      { suffix: 'unresolved:WebACLAssociation', meaning: 'No association matches the stage, and an association in the stack has a ResourceArn the pack cannot read; it may or may not be this stage.' },
      unresolvedFinding(),
    ],
  },
  {
    id: 'Portcullis-CorsCredentialsWildcard',
    level: NagMessageLevel.ERROR,
    info: 'CORS allows credentials together with any origin (`*`, or on an HTTP API `https://*` / `http://*`).',
    explanation:
      'Credentialed cross-origin requests must name the origins they trust. Browsers refuse `*` with credentials, so this configuration is broken as written, and the usual workaround — reflecting the request Origin — lets any website make authenticated calls as the user. An HTTP API matches `https://*` (or `http://*`) against every origin of that scheme and answers with the caller\'s own origin, so any website can make authenticated calls.',
    fix: 'List the trusted origins in `allowOrigins` (HTTP: `corsPreflight` on the `HttpApi`; REST: `defaultCorsPreflightOptions` / `addCorsPreflight`), or set `allowCredentials: false`.',
    resourceTypes: ['AWS::ApiGatewayV2::Api', 'AWS::ApiGateway::Method'],
    findings: [
      {
        suffix: 'reflected-origin',
        meaning: 'A REST integration response maps `Access-Control-Allow-Origin` from the request or the integration (e.g. `method.request.header.Origin`) rather than a quoted literal, together with `Access-Control-Allow-Credentials: \'true\'`: any website can make authenticated calls as the user. Map a quoted literal origin, or check the origin against an allow-list in the integration and acknowledge.',
      },
      unresolvedFinding(),
    ],
  },
];

const PACK_NAME = 'Portcullis';

/**
 * The Portcullis cdk-nag rule pack: API Gateway (REST, HTTP, WebSocket) security checks.
 *
 * Register it on an app with `Validations.of(app).addPlugins(new PortcullisChecks(app))`,
 * or run it directly with `new PortcullisChecks().validateScope(stack)`.
 * Acknowledge a finding on the resource or an ancestor with
 * `Validations.of(scope).acknowledge({ id: 'Portcullis-RestWaf', reason: '...' })`.
 */
export class PortcullisChecks extends NagPack {
  /**
   * Every rule of the pack with the text it reports; the single source for the
   * pack, the audit command and the README.
   */
  public static readonly RULES: PortcullisRuleInfo[] = deepFreeze(RULES);

  /**
   * The catalogue entry for a rule id or a finding id.
   * @param id a rule id (`Portcullis-AccessLogs`) or finding id (`Portcullis-AccessLogs[missing]`)
   * @returns the rule, or undefined if the id is not a Portcullis rule
   */
  public static ruleInfo(id: string): PortcullisRuleInfo | undefined {
    const ruleId = id.replace(/\[.*\]$/, '');
    return RULES.find((rule) => rule.id === ruleId);
  }

  public readonly name = PACK_NAME;

  public readonly ruleIds?: string[] = RULES.map((rule) => rule.id);

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = PACK_NAME;
  }

  /**
   * Validate a construct tree. Each validation indexes the stacks it looks
   * across afresh, so findings always reflect the tree as it is now.
   */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    return withValidationSession(() => super.validateScope(scope));
  }

  protected checkResource(node: CfnResource): void {
    for (const rule of rulesFor(node.cfnResourceType)) {
      const name = rule.id.slice(PACK_NAME.length + 1);
      this.applyRule({
        ruleSuffixOverride: name,
        info: rule.info,
        explanation: rule.explanation,
        level: rule.level,
        rule: RULES_BY_NAME[name],
        node,
      });
    }
  }
}

/** The catalogue is shared by every pack instance; freeze it so no caller can change what the pack reports. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

let rulesByType: Map<string, PortcullisRuleInfo[]> | undefined;

/** The rules that check a resource type (most resources in a stack have none). */
function rulesFor(type: string): readonly PortcullisRuleInfo[] {
  if (rulesByType === undefined) {
    rulesByType = new Map();
    for (const rule of RULES) {
      for (const resourceType of rule.resourceTypes) {
        rulesByType.set(resourceType, [...(rulesByType.get(resourceType) ?? []), rule]);
      }
    }
  }
  return rulesByType.get(type) ?? [];
}
