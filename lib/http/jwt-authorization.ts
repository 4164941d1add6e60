import { Token } from 'aws-cdk-lib';
import { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { IConstruct } from 'constructs';
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
   * Where the token is read from: exactly one request header or query string.
   *
   * @default ['$request.header.Authorization']
   */
  readonly identitySource?: string[];

  /**
   * Name of the authorizer resource.
   *
   * @default - 'JwtAuthorizer', numbered when an API has several
   */
  readonly authorizerName?: string;
}

/** Where JWTs are read from when the caller does not say. */
export const DEFAULT_JWT_IDENTITY_SOURCE = ['$request.header.Authorization'];

const COGNITO_ISSUER = /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;
const JWT_SOURCE = /^\$request\.(header|querystring)\.[^\s]+$/;

/**
 * Whether an issuer may be an Amazon Cognito user pool, whose access tokens carry no `aud`. An
 * unresolved issuer (e.g. `userPool.userPoolProviderUrl`) may be one, so it counts as Cognito:
 * routes behind it then need scopes, which is what the Portcullis rule pack checks too.
 */
export function mayBeCognitoIssuer(issuer: string): boolean {
  return Token.isUnresolved(issuer) || COGNITO_ISSUER.test(issuer);
}

/** Validates the options and creates the aws-cdk-lib JWT authorizer. */
export function createJwtAuthorizer(scope: IConstruct, prop: string, id: string, props: JwtAuthorizationProps): IHttpRouteAuthorizer {
  if (!isUnresolved(props.issuer)) {
    let url: URL | undefined;
    try {
      url = new URL(props.issuer);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || url.hash !== '' || url.search !== '') {
      invalidProp(scope, `${prop}.issuer`, props.issuer, 'must be an https:// URL without query or fragment',
        "use the issuer exactly as in the tokens' iss claim, e.g. 'https://auth.example.com/'");
    }
  }
  checkNonEmptyStrings(scope, `${prop}.audience`, props.audience,
    "list the audiences (client ids or API identifiers) tokens must be issued for, e.g. ['https://api.example.com']");
  const identitySource = props.identitySource ?? DEFAULT_JWT_IDENTITY_SOURCE;
  if (!isUnresolved(identitySource) && (identitySource.length !== 1 || !identitySource.every((s) => isUnresolved(s) || JWT_SOURCE.test(s)))) {
    invalidProp(scope, `${prop}.identitySource`, identitySource, 'a JWT authorizer reads the token from exactly one request header or query string',
      "use e.g. ['$request.header.Authorization'] or ['$request.querystring.token']");
  }
  return new HttpJwtAuthorizer(id, props.issuer, {
    jwtAudience: props.audience,
    identitySource,
    authorizerName: props.authorizerName ?? id,
  });
}
