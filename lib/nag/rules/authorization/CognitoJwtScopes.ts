import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved, unresolvedFinding } from '../../findings';
import { isPseudoParameter, listValue, possibleScalars, objectValue, placeholders, renderTemplate, replacePlaceholders, scalar } from '../../intrinsics';
import { v2AuthorizerOf } from '../../related-resources';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/** `https://cognito-idp.<region>.amazonaws.com/<poolId>`, region and pool id possibly placeholders. */
const COGNITO_ISSUER = /^https:\/\/cognito-idp\.[^./]+\.amazonaws\.com(\.cn)?\/[^/]+$/;

/** The host of a URL-shaped template (`scheme://host/...`). */
const URL_HOST = /^[a-z][a-z0-9+.-]*:\/\/([^/]*)/i;

/**
 * What the issuer-related attributes of an `AWS::Cognito::UserPool` hold, written with the
 * pool's `Ref` (its id) and the region as placeholders.
 */
const USER_POOL_ATTRIBUTES: Readonly<Record<string, (pool: string) => string>> = {
  ProviderURL: (pool) => `https://cognito-idp.\${AWS::Region}.amazonaws.com/\${${pool}}`,
  ProviderName: (pool) => `cognito-idp.\${AWS::Region}.amazonaws.com/\${${pool}}`,
};

/**
 * Routes and methods that accept Amazon Cognito user pool tokens require authorization scopes: HTTP routes
 * with a JWT authorizer whose issuer is a user pool, and REST methods with `COGNITO_USER_POOLS` authorization.
 *
 * Why, per API kind, as the AWS documentation states it:
 * - HTTP API JWT authorizer: the token's `aud` or, when it has no `aud`, its `client_id` must match one of the
 *   authorizer's audiences ("API Gateway validates client_id only if aud is not present"). Cognito access tokens
 *   have no `aud` and name the app client in `client_id`, so listing app clients as audiences does restrict access
 *   tokens to those clients. Cognito ID tokens carry the app client in `aud`, so an ID token of a listed client is
 *   accepted too, and AWS notes there is no standard way to tell access tokens from ID tokens and recommends that
 *   routes require scopes. Scopes are the least-privilege rule: a route that requires one accepts only access tokens
 *   (ID tokens carry no scopes) granted that scope, not every token of the listed clients.
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html ,
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html
 * - REST API `COGNITO_USER_POOLS` authorizer: it has no audience setting (it checks that the pool issued the token); without
 *   scopes an ID token of any app client of the pool is accepted, with scopes an access token carrying one.
 * - REST API native JWT authorizer (not checked by this rule; Portcullis's `RouteAuthorization.cognito()` on REST
 *   requires scopes on every method): AWS documents that you declare the issuers you trust and "the audiences that
 *   you accept from each issuer", that a Cognito user pool can be an issuer, and that each method can require its
 *   own scopes. The pages do not say that `client_id` is matched when a token has no `aud`, as the HTTP API page
 *   does, so whether a Cognito access token passes an audience check on a REST API is not documented; required
 *   scopes are what restricts such methods either way.
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer.html ,
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-create.html
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type === 'AWS::ApiGatewayV2::Route') return checkV2Route(resource);
  if (resource.type === 'AWS::ApiGateway::Method') return checkRestMethod(resource);
  return NagRuleCompliance.NOT_APPLICABLE;
}

function checkV2Route(resource: ResourceView): NagRuleResult {
  const p = resource.properties;
  if (noBranchIs(p.AuthorizationType, 'JWT')) return NagRuleCompliance.NOT_APPLICABLE;
  const type = scalar(p.AuthorizationType);
  if (type.kind === 'unresolved') return [unresolved('AuthorizationType')];
  if (type.kind === 'absent' || type.value !== 'JWT') return NagRuleCompliance.NOT_APPLICABLE;
  // A route with scopes complies whoever the issuer is, so an unknown issuer does not matter then.
  if (requireScopes(p.AuthorizationScopes) === NagRuleCompliance.COMPLIANT) return NagRuleCompliance.COMPLIANT;
  const authorizer = v2AuthorizerOf(resource);
  if (authorizer.kind === 'absent') return NagRuleCompliance.NOT_APPLICABLE; // RouteAuthorization reports it
  if (authorizer.kind === 'unresolved') return [unresolved('AuthorizerId')];
  const configuration = objectValue(authorizer.resource.properties.JwtConfiguration);
  if (configuration === 'unresolved') return [unresolved('Issuer')];
  const issuer = cognitoIssuer(authorizer.resource, configuration?.Issuer);
  if (issuer === 'unresolved') return [unresolved('Issuer')];
  if (!issuer) return NagRuleCompliance.NOT_APPLICABLE;
  return requireScopes(p.AuthorizationScopes);
}

function checkRestMethod(resource: ResourceView): NagRuleResult {
  const p = resource.properties;
  if (noBranchIs(p.AuthorizationType, 'COGNITO_USER_POOLS')) return NagRuleCompliance.NOT_APPLICABLE;
  const type = scalar(p.AuthorizationType);
  if (type.kind === 'unresolved') return [unresolved('AuthorizationType')];
  if (type.kind === 'absent' || String(type.value).toUpperCase() !== 'COGNITO_USER_POOLS') return NagRuleCompliance.NOT_APPLICABLE;
  return requireScopes(p.AuthorizationScopes);
}

/** An `Fn::If` (e.g. `[c, AWS_IAM, NONE]`) none of whose branches is `type`: whichever is deployed, the rule does not apply. */
function noBranchIs(value: unknown, type: string): boolean {
  const values = possibleScalars(value);
  return values !== undefined && values.every((v) => v === undefined || String(v).toUpperCase() !== type);
}

/**
 * Scoped means at least one scope that names something: an empty list, or only blank scopes
 * (`''`, spaces), requires nothing. A scope known only at deploy time might be blank, so a list
 * with no non-blank literal and such a scope is unresolved.
 */
function requireScopes(value: unknown): NagRuleResult {
  const scopes = listValue(value);
  if (scopes === 'unresolved') return [unresolved('AuthorizationScopes')];
  const values = (scopes ?? []).map((scope) => scalar(scope));
  if (values.some((scope) => scope.kind === 'known' && String(scope.value).trim() !== '')) return NagRuleCompliance.COMPLIANT;
  return values.some((scope) => scope.kind === 'unresolved') ? [unresolved('AuthorizationScopes')] : NagRuleCompliance.NON_COMPLIANT;
}

/**
 * Whether an issuer is a Cognito user pool. True for the user-pool URL shape (also when built
 * from the pool's `ProviderURL` / `ProviderName`) and for any `cognito-idp.` host; false only
 * when the issuer is shown not to be Cognito — a literal host that is not `cognito-idp.`, or no
 * value but pseudo parameters. Anything else (a parameter, an import, another resource's
 * attribute in the host) could be a user pool: 'unresolved'.
 */
function cognitoIssuer(resource: ResourceView, issuer: unknown): boolean | 'unresolved' {
  const template = renderTemplate(issuer);
  if (template === undefined) return 'unresolved';
  const index = resource.stack;
  const expanded = replacePlaceholders(template, (placeholder) => {
    const attribute = placeholder.attribute === undefined ? undefined : USER_POOL_ATTRIBUTES[placeholder.attribute];
    if (attribute === undefined || index.byId(placeholder.name)?.type !== 'AWS::Cognito::UserPool') return undefined;
    return attribute(placeholder.name);
  });
  if (COGNITO_ISSUER.test(expanded)) return true;
  const host = URL_HOST.exec(expanded)?.[1];
  if (host !== undefined && !hasOpaquePlaceholder(host)) return host.toLowerCase().startsWith('cognito-idp.');
  return hasOpaquePlaceholder(expanded) ? 'unresolved' : false;
}

/** Whether a template holds a value other than a pseudo parameter (`${AWS::Region}`), known only at deploy time. */
function hasOpaquePlaceholder(template: string): boolean {
  return placeholders(template).some((placeholder) => !isPseudoParameter(placeholder));
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-CognitoJwtScopes',
    level: NagMessageLevel.ERROR,
    info: 'The route or method accepts Amazon Cognito user pool tokens but requires no authorization scopes (an empty list, or only blank scopes).',
    explanation:
      'HTTP API (JWT authorizer): API Gateway matches the token\'s `aud`, or its `client_id` when it has no `aud`, against the authorizer\'s audiences, so listing the app clients restricts Cognito access tokens (no `aud`, the client in `client_id`) to those clients. It does not restrict what they may call: an ID token of a listed client (its `aud` is the client) is accepted as well, and every token of those clients reaches every route. Requiring scopes is the least-privilege rule AWS recommends: only an access token granted one of the route\'s scopes passes (ID tokens carry none). '
      + 'REST API (COGNITO_USER_POOLS): the authorizer has no audience setting (it checks that the user pool issued the token), so a method without scopes accepts an ID token of any app client of the pool; with scopes it requires an access token carrying one of them. '
      + '(REST API native JWT authorizers, not checked here: AWS documents issuers, the audiences accepted from each and per-method scopes, but not whether `client_id` stands in for a missing `aud`; scopes restrict them either way.) '
      + 'An issuer that is a parameter, an import or another value known only at deploy time could be a user pool, so it is reported as unresolved unless its literal host shows it is not Cognito.',
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
  check,
};

export default rule;
