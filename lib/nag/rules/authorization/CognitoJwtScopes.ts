import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved } from '../../findings';
import { isPseudoParameter, listValue, objectValue, placeholders, renderTemplate, replacePlaceholders, scalar } from '../../intrinsics';
import { v2AuthorizerOf } from '../../related-resources';
import { indexOf, propertiesOf } from '../../resource-index';

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
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    if (node.cfnResourceType === 'AWS::ApiGatewayV2::Route') return checkV2Route(node);
    if (node.cfnResourceType === 'AWS::ApiGateway::Method') return checkRestMethod(node);
    return NagRuleCompliance.NOT_APPLICABLE;
  },
  'name',
  { value: parse(__filename).name },
);

function checkV2Route(node: CfnResource): NagRuleResult {
  const p = propertiesOf(node);
  const type = scalar(p.AuthorizationType);
  if (type.kind === 'unresolved') return [unresolved('AuthorizationType')];
  if (type.kind === 'absent' || type.value !== 'JWT') return NagRuleCompliance.NOT_APPLICABLE;
  // A route with scopes complies whoever the issuer is, so an unknown issuer does not matter then.
  if (requireScopes(p.AuthorizationScopes) === NagRuleCompliance.COMPLIANT) return NagRuleCompliance.COMPLIANT;
  const authorizer = v2AuthorizerOf(node);
  if (authorizer.kind === 'absent') return NagRuleCompliance.NOT_APPLICABLE; // RouteAuthorization reports it
  if (authorizer.kind === 'unresolved') return [unresolved('AuthorizerId')];
  const configuration = objectValue(authorizer.resource.properties.JwtConfiguration);
  if (configuration === 'unresolved') return [unresolved('Issuer')];
  const issuer = cognitoIssuer(node, configuration?.Issuer);
  if (issuer === 'unresolved') return [unresolved('Issuer')];
  if (!issuer) return NagRuleCompliance.NOT_APPLICABLE;
  return requireScopes(p.AuthorizationScopes);
}

function checkRestMethod(node: CfnResource): NagRuleResult {
  const p = propertiesOf(node);
  const type = scalar(p.AuthorizationType);
  if (type.kind === 'unresolved') return [unresolved('AuthorizationType')];
  if (type.kind === 'absent' || String(type.value).toUpperCase() !== 'COGNITO_USER_POOLS') return NagRuleCompliance.NOT_APPLICABLE;
  return requireScopes(p.AuthorizationScopes);
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
function cognitoIssuer(node: CfnResource, issuer: unknown): boolean | 'unresolved' {
  const template = renderTemplate(issuer);
  if (template === undefined) return 'unresolved';
  const index = indexOf(node);
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
