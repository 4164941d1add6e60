import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { DEFAULT_TOKEN_SOURCE, IdentitySource, identitySourceProblem } from './identity-source';
import { isHttpsUrl } from './jwt-issuer';
import { checkNonEmptyStrings, invalidProp, isUnresolved } from '../common/validation';

/**
 * A JWT authorizer for any OpenID Connect / OAuth 2.0 issuer.
 */
export interface JwtAuthorizationProps {
  /**
   * The issuer URL, exactly as in the tokens' `iss` claim. Must be `https://`.
   * API Gateway fetches `<issuer>/.well-known/openid-configuration` and the JWKS it names.
   */
  readonly issuer: string;

  /**
   * Accepted audiences. API Gateway accepts a token whose `aud` claim (or, when `aud` is absent,
   * `client_id` claim) matches one of them. At least one is required.
   */
  readonly audience: string[];

  /**
   * Scopes required on every route using this authorization, unless the route lists its own.
   * Each scope is one word, e.g. `['user.id', 'user.email']`; a token needs at least one of them.
   *
   * @default - no scopes; required when the issuer is Amazon Cognito or only known at deploy time
   * (a token), since Cognito access tokens carry no `aud` claim
   */
  readonly scopes?: string[];

  /**
   * Where the token is read from: one request header or query string.
   *
   * @default IdentitySource.header('Authorization')
   */
  readonly tokenSource?: IdentitySource;

  /**
   * Name of the authorizer resource.
   *
   * @default - 'JwtAuthorizer', numbered when an API has several
   */
  readonly authorizerName?: string;
}

const COGNITO_ISSUER = /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;

/**
 * Whether an issuer may be an Amazon Cognito user pool, whose access tokens carry no `aud`. An
 * unresolved issuer (e.g. `userPool.userPoolProviderUrl`) may be one, so it counts as Cognito:
 * routes behind it then need scopes, which is what the Portcullis rule pack checks too.
 */
export function mayBeCognitoIssuer(issuer: string): boolean {
  return Token.isUnresolved(issuer) || COGNITO_ISSUER.test(issuer);
}

/** The token source of a JWT authorization, defaults applied. */
export function jwtTokenSource(props: JwtAuthorizationProps): IdentitySource {
  return props.tokenSource ?? DEFAULT_TOKEN_SOURCE;
}

/** Kind-neutral checks of JWT authorization; `prop` names where it was passed. */
export function validateJwtAuthorization(scope: IConstruct, prop: string, props: JwtAuthorizationProps): void {
  if (!isUnresolved(props.issuer) && !isHttpsUrl(props.issuer)) {
    invalidProp(scope, `${prop}.issuer`, props.issuer, 'must be an https:// URL without query or fragment',
      "use the issuer exactly as in the tokens' iss claim, e.g. 'https://auth.example.com/'");
  }
  checkNonEmptyStrings(scope, `${prop}.audience`, props.audience,
    "list the audiences (client ids or API identifiers) tokens must be issued for, e.g. ['https://api.example.com']");
  const source = jwtTokenSource(props);
  const problem = identitySourceProblem(source);
  if (problem) {
    invalidProp(scope, `${prop}.tokenSource`, source.toString(), problem, "name the header or query string, e.g. IdentitySource.header('Authorization')");
  }
  if (!source.isFromCaller) {
    invalidProp(scope, `${prop}.tokenSource`, source.toString(), 'a JWT is read from a request header or query string',
      "use IdentitySource.header('Authorization') (the default) or IdentitySource.queryString('token')");
  }
}
