import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved } from '../../findings';
import { listValue, objectValue, renderTemplate, scalar, soloPlaceholder } from '../../intrinsics';
import { v2AuthorizerOf } from '../../related-resources';
import { indexOf, propertiesOf } from '../../resource-index';

/** `https://cognito-idp.<region>.amazonaws.com/<poolId>`, region and pool id possibly placeholders. */
const COGNITO_ISSUER = /^https:\/\/cognito-idp\.[^./]+\.amazonaws\.com(\.cn)?\/[^/]+$/;

/**
 * HTTP routes authorized by a JWT authorizer whose issuer is an Amazon Cognito
 * user pool require authorization scopes (Cognito access tokens have no `aud`).
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    if (node.cfnResourceType !== 'AWS::ApiGatewayV2::Route') return NagRuleCompliance.NOT_APPLICABLE;
    const p = propertiesOf(node);
    const type = scalar(p.AuthorizationType);
    if (type.kind === 'unresolved') return [unresolved('AuthorizationType')];
    if (type.kind === 'absent' || type.value !== 'JWT') return NagRuleCompliance.NOT_APPLICABLE;
    const authorizer = v2AuthorizerOf(node);
    if (authorizer.kind === 'absent') return NagRuleCompliance.NOT_APPLICABLE; // RouteAuthorization reports it
    if (authorizer.kind === 'unresolved') return [unresolved('AuthorizerId')];
    const configuration = objectValue(authorizer.resource.properties.JwtConfiguration);
    if (configuration === 'unresolved') return [unresolved('Issuer')];
    const issuer = cognitoIssuer(node, configuration?.Issuer);
    if (issuer === 'unresolved') return [unresolved('Issuer')];
    if (!issuer) return NagRuleCompliance.NOT_APPLICABLE;
    const scopes = listValue(p.AuthorizationScopes);
    if (scopes === 'unresolved') return [unresolved('AuthorizationScopes')];
    return scopes === undefined || scopes.length === 0 ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: parse(__filename).name },
);

/** Whether an issuer is a Cognito user pool: the URL shape, or `Fn::GetAtt [UserPool, ProviderURL]`. */
function cognitoIssuer(node: CfnResource, issuer: unknown): boolean | 'unresolved' {
  const template = renderTemplate(issuer);
  if (template === undefined) return 'unresolved';
  if (COGNITO_ISSUER.test(template)) return true;
  const solo = soloPlaceholder(template);
  if (solo === undefined) return false;
  const target = indexOf(node).byId(solo.name);
  if (target?.type === 'AWS::Cognito::UserPool' && solo.attribute === 'ProviderURL') return true;
  // A bare reference to a parameter or an imported value could be any issuer.
  return target === undefined && !solo.name.startsWith('AWS::') ? 'unresolved' : false;
}
