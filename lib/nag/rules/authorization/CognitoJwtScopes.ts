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
 * Routes and methods that accept Amazon Cognito user pool tokens require authorization scopes:
 * HTTP routes with a JWT authorizer whose issuer is a user pool (Cognito access tokens have no
 * `aud`), and REST methods with `COGNITO_USER_POOLS` authorization (without scopes any ID token
 * of the pool is accepted).
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
  check,
};

export default rule;
