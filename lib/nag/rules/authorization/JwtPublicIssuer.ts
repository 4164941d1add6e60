import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { JWT_AUTHORIZER_CONFIG_VARIABLE } from '../../../common/jwt-authorizer-config';
import { unresolved, unresolvedFinding } from '../../findings';
import { objectValue, renderTemplate, scalar } from '../../intrinsics';
import { checkRestIssuers, jwtAuthorizerConfiguration } from '../../jwt-authorizer-configuration';
import { PUBLIC_JWT_ISSUERS, publicJwtIssuer } from '../../public-jwt-issuers';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/**
 * JWT authorizers accept no issuer that issues tokens to anyone (GitHub Actions, GitLab CI, Google)
 * unless they require a claim that narrows it. API Gateway's JWT authorizers check only issuer,
 * audience and scopes, so with such an issuer they are always reported; the Portcullis JWT authorizer
 * function passes when its `requiredClaims` hold one of the issuer's constraining claims.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type === 'AWS::Lambda::Function') return jwtAuthorizerFunction(resource.properties);
  const jwt = jwtAuthorizerConfiguration(resource);
  if ('result' in jwt) return jwt.result;
  if (jwt.kind === 'v2') return nativeIssuer(jwt.configuration?.Issuer);
  return checkRestIssuers(jwt.issuers ?? [], (issuer) => nativeIssuer(issuer?.Issuer));
}

/** An API Gateway JWT authorizer cannot require claims: a public issuer is always reported. */
function nativeIssuer(value: unknown): NagRuleResult {
  const issuer = scalar(value);
  if (issuer.kind !== 'known') return NagRuleCompliance.COMPLIANT; // An unknown issuer is JwtAudience's and the user's to name.
  return publicJwtIssuer(String(issuer.value)) === undefined ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/** The Portcullis JWT authorizer function: each public issuer needs one of its constraining claims in `requiredClaims`. */
function jwtAuthorizerFunction(p: Record<string, any>): NagRuleResult {
  const environment = objectValue(p.Environment);
  if (environment === undefined || environment === 'unresolved') return NagRuleCompliance.NOT_APPLICABLE;
  const variables = objectValue(environment.Variables);
  if (variables === undefined || variables === 'unresolved' || variables[JWT_AUTHORIZER_CONFIG_VARIABLE] === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  const text = renderTemplate(variables[JWT_AUTHORIZER_CONFIG_VARIABLE]);
  let config: { issuers?: Array<{ issuer?: unknown }>; requiredClaims?: Record<string, unknown> };
  try {
    if (text === undefined) throw new Error('unrendered');
    config = JSON.parse(text);
  } catch {
    return [unresolved('Environment')];
  }
  const required = new Set(Object.keys(config.requiredClaims ?? {}));
  for (const entry of config.issuers ?? []) {
    const known = typeof entry.issuer === 'string' ? publicJwtIssuer(entry.issuer) : undefined;
    if (known !== undefined && !known.constrainingClaims.some((claim) => required.has(claim))) return NagRuleCompliance.NON_COMPLIANT;
  }
  return NagRuleCompliance.COMPLIANT;
}

const issuerTable = PUBLIC_JWT_ISSUERS
  .filter((known, i) => PUBLIC_JWT_ISSUERS.findIndex((other) => other.name === known.name) === i)
  .map((known) => `${known.name} (\`${PUBLIC_JWT_ISSUERS.filter((o) => o.name === known.name).map((o) => o.issuer).join('`, `')}\`; constrain with ${known.constrainingClaims.map((c) => `\`${c}\``).join(', ')}; ${known.source})`)
  .join('; ');

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-JwtPublicIssuer',
    level: NagMessageLevel.ERROR,
    info: 'The JWT authorizer trusts an issuer that issues tokens to anyone, without requiring a claim that narrows it.',
    explanation:
      `Some issuers sign a token for whoever asks, with the audience the holder chooses: any GitHub workflow can get a GitHub Actions token for audience \`sts.amazonaws.com\`, any GitLab job one for any \`aud\`, any Google Cloud service account a Google ID token for any audience. Issuer and audience then prove nothing; only a claim naming the repository, project or domain does. API Gateway\'s JWT authorizers (HTTP \`JWT\`, REST native JWT) cannot require claims. Known issuers: ${issuerTable}.`,
    fix: 'Use `RouteAuthorization.jwtLambda({ issuers, requiredClaims })` with one of the issuer\'s constraining claims, e.g. `requiredClaims: { repository: \'acme/deploy-tools\' }` for GitHub Actions (or `sub: \'repo:acme/deploy-tools:ref:refs/heads/main\'`), `project_path` for GitLab, `hd` for Google Workspace; or a Lambda authorizer that checks them.',
    resourceTypes: ['AWS::ApiGatewayV2::Authorizer', 'AWS::ApiGateway::Authorizer', 'AWS::Lambda::Function'],
    findings: [
      { suffix: 'unresolved:Environment', meaning: 'The Portcullis JWT authorizer function\'s configuration (environment variable `PORTCULLIS_JWT_AUTHORIZER`) is not JSON the pack can read, so its issuers and required claims cannot be checked.' },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
