import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IConstruct } from 'constructs';
import { checkNonEmptyStrings, invalidProp, isUnresolved } from '../common/validation';
import { checkWeakeningReason, Weakening } from '../common/weakening';

/**
 * Which Amazon Cognito token a route accepts.
 */
export enum CognitoTokenUse {
  /** Access tokens (`token_use: access`): they carry scopes and name the app client in `client_id`. */
  ACCESS = 'access',
  /** ID tokens (`token_use: id`): they carry the user's attributes and name the app client in `aud`. */
  ID = 'id',
}

/**
 * Tokens of an Amazon Cognito user pool.
 */
export interface CognitoJwtIssuerProps {
  /** The user pool that issues the tokens. */
  readonly userPool: cognito.IUserPool;

  /** App clients whose tokens are accepted (their `client_id`, or `aud` for ID tokens). At least one. */
  readonly userPoolClients: cognito.IUserPoolClient[];

  /**
   * Which tokens are accepted.
   *
   * @default CognitoTokenUse.ACCESS
   */
  readonly tokenUse?: CognitoTokenUse;
}

/**
 * Tokens of any OpenID Connect / OAuth 2.0 issuer (Auth0, Okta, Microsoft Entra ID, Keycloak, ...).
 */
export interface OidcJwtIssuerProps {
  /** The issuer, exactly as in the tokens' `iss` claim, e.g. `https://example.eu.auth0.com/`. Must be `https://`. */
  readonly issuer: string;

  /**
   * Where the issuer publishes its signing keys (the `jwks_uri` of its OpenID configuration), e.g.
   * `https://example.okta.com/oauth2/default/v1/keys` or
   * `https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys`. Must be `https://`.
   *
   * @default - the issuer followed by `/.well-known/jwks.json` (Auth0 and Cognito publish them there)
   */
  readonly jwksUri?: string;

  /**
   * Accepted values of the `aud` claim; a token needs one of them.
   *
   * @default - `aud` is not checked: `clientIds` is then required
   */
  readonly audiences?: string[];

  /**
   * Accepted clients: the token's `client_id` claim (access tokens, RFC 9068) or, when it has none,
   * its `aud` claim (ID tokens) must be one of them.
   *
   * @default - the client is not checked: `audiences` is then required
   */
  readonly clientIds?: string[];

  /**
   * Required value of the `token_use` claim, for issuers that set it.
   *
   * @default - not checked
   */
  readonly tokenUse?: string;

  /**
   * Accepted values of the token's `typ` header, compared case-insensitively and with or without the
   * `application/` prefix (RFC 7515 §4.1.9). A token of another type (an ID token typed `JWT` is one,
   * a `logout+jwt` is another) is refused, so the issuer's other signed tokens cannot pass as access
   * tokens (RFC 8725 §3.11). E.g. `['at+jwt']` for an issuer that types its access tokens per RFC 9068.
   *
   * @default ['JWT', 'at+jwt', 'application/at+jwt']
   */
  readonly tokenTypes?: string[];

  /**
   * Refuse tokens without a `typ` header. Turn it on for an issuer that types every access token
   * (RFC 9068), together with `tokenTypes: ['at+jwt']`.
   *
   * @default false - a token without `typ` is accepted (Amazon Cognito, Auth0 and others send none)
   */
  readonly requireTokenType?: boolean;

  /**
   * Accept tokens without an `exp` claim, which never expire once signed, and say why (the reason is
   * kept in the function's configuration). Only for an issuer that cannot set `exp`.
   *
   * @default - a token without `exp` is refused
   */
  readonly tokensWithoutExpiryReason?: string;
}

/**
 * One issuer whose tokens a Lambda JWT authorizer accepts: its identity, its signing keys and which
 * of its tokens are meant for this API.
 */
export class JwtIssuer {
  /** An Amazon Cognito user pool: its issuer and JWKS are derived from the pool. */
  public static cognito(props: CognitoJwtIssuerProps): JwtIssuer {
    // The pool's ProviderURL attribute has no scheme; the iss claim is this.
    const pool = props.userPool;
    const issuer = `https://cognito-idp.${pool.env.region}.${Stack.of(pool).urlSuffix}/${pool.userPoolId}`;
    const clientIds = (props.userPoolClients ?? []).map((c) => c.userPoolClientId);
    return new JwtIssuer(issuer, `${issuer}/.well-known/jwks.json`, undefined, clientIds, props.tokenUse ?? CognitoTokenUse.ACCESS, true, {});
  }

  /** Any OpenID Connect / OAuth 2.0 issuer. */
  public static oidc(props: OidcJwtIssuerProps): JwtIssuer {
    // A trailing slash is dropped also from an issuer with tokens in it (`https://${tenant}.eu.auth0.com/`); a
    // token itself never ends in one.
    const jwksUri = props.jwksUri ?? `${props.issuer.replace(/\/$/, '')}/.well-known/jwks.json`;
    return new JwtIssuer(props.issuer, jwksUri, props.audiences, props.clientIds, props.tokenUse, false, {
      tokenTypes: props.tokenTypes, requireTokenType: props.requireTokenType, tokensWithoutExpiryReason: props.tokensWithoutExpiryReason,
    });
  }

  /** The `iss` claim accepted. */
  public readonly issuer: string;
  /** Where the signing keys are fetched. */
  public readonly jwksUri: string;
  /** Accepted `aud` values, if checked. */
  public readonly audiences?: string[];
  /** Accepted `client_id` (or, for ID tokens, `aud`) values, if checked. */
  public readonly clientIds?: string[];
  /** Required `token_use`, if checked. */
  public readonly tokenUse?: string;
  /** Whether this is an Amazon Cognito user pool. */
  public readonly isCognito: boolean;
  /** Accepted `typ` header values, if not the default. */
  public readonly tokenTypes?: string[];
  /** Whether a token without `typ` is refused. */
  public readonly requireTokenType: boolean;
  /** Why tokens without `exp` are accepted, if they are. */
  public readonly tokensWithoutExpiryReason?: string;

  private constructor(issuer: string, jwksUri: string, audiences: string[] | undefined, clientIds: string[] | undefined,
    tokenUse: string | undefined, isCognito: boolean,
    header: Pick<OidcJwtIssuerProps, 'tokenTypes' | 'requireTokenType' | 'tokensWithoutExpiryReason'>) {
    this.tokenTypes = header.tokenTypes;
    this.requireTokenType = header.requireTokenType ?? false;
    this.tokensWithoutExpiryReason = header.tokensWithoutExpiryReason;
    this.issuer = issuer;
    this.jwksUri = jwksUri;
    this.audiences = audiences;
    this.clientIds = clientIds;
    this.tokenUse = tokenUse;
    this.isCognito = isCognito;
  }

  /**
   * Checks the issuer's settings.
   *
   * @param scope named in validation errors
   * @param prop where the issuer was passed, e.g. `authorization.issuers[0]`
   * @internal
   */
  public _validate(scope: IConstruct, prop: string): void {
    if (this.isCognito) {
      if (!this.clientIds || this.clientIds.length === 0) {
        invalidProp(scope, `${prop}.userPoolClients`, [], 'must list at least one app client',
          'pass the app clients whose tokens this API accepts: JwtIssuer.cognito({ userPool, userPoolClients: [client] })');
      }
      return;
    }
    for (const [name, url] of [['issuer', this.issuer], ['jwksUri', this.jwksUri]] as const) {
      if (!isUnresolved(url) && !isHttpsUrl(url)) {
        invalidProp(scope, `${prop}.${name}`, url, 'must be an https:// URL without query or fragment',
          name === 'issuer' ? "use the issuer exactly as in the tokens' iss claim, e.g. 'https://example.eu.auth0.com/'"
            : "use the jwks_uri of the issuer's OpenID configuration, e.g. 'https://example.okta.com/oauth2/default/v1/keys'");
      }
    }
    if (this.audiences === undefined && this.clientIds === undefined) {
      invalidProp(scope, prop, 'no audiences or clientIds', 'a token must be checked for whom it was issued, or any token of the issuer passes',
        "give audiences: ['https://api.example.com'] (the aud claim) or clientIds: ['my-client'] (the client_id claim)");
    }
    if (this.audiences !== undefined) {
      checkNonEmptyStrings(scope, `${prop}.audiences`, this.audiences, "list the aud values, e.g. ['https://api.example.com']");
    }
    if (this.clientIds !== undefined) {
      checkNonEmptyStrings(scope, `${prop}.clientIds`, this.clientIds, "list the client ids, e.g. ['0oa1b2c3d4']");
    }
    if (this.tokenUse !== undefined && !isUnresolved(this.tokenUse) && this.tokenUse.trim() === '') {
      invalidProp(scope, `${prop}.tokenUse`, this.tokenUse, 'must not be empty', "give the token_use value, e.g. 'access', or leave it out");
    }
    if (this.tokenTypes !== undefined) {
      checkNonEmptyStrings(scope, `${prop}.tokenTypes`, this.tokenTypes, "list the typ values, e.g. ['at+jwt'], or leave it out for the default");
    }
    const reason = this.tokensWithoutExpiryReason;
    if (reason !== undefined && !isUnresolved(reason)) {
      checkWeakeningReason(scope, tokensWithoutExpiry(prop), reason,
        'the legacy issuer cannot set exp; tokens are revoked by key rotation');
    }
  }

  /**
   * The issuer as the authorizer function reads it.
   *
   * @internal
   */
  public _toConfig(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      jwksUri: this.jwksUri,
      ...(this.audiences ? { audiences: this.audiences } : {}),
      ...(this.clientIds ? { clientIds: this.clientIds } : {}),
      ...(this.tokenUse ? { tokenUse: this.tokenUse } : {}),
      ...(this.tokenTypes ? { tokenTypes: this.tokenTypes } : {}),
      ...(this.requireTokenType ? { requireTokenType: true } : {}),
      ...(this.tokensWithoutExpiryReason !== undefined ? { allowNoExpiry: true, noExpiryReason: this.tokensWithoutExpiryReason } : {}),
    };
  }
}

/**
 * The weakening `tokensWithoutExpiryReason` makes: tokens without `exp` accepted, which never expire once
 * signed. Checked with the issuer, recorded on the authorizer function that accepts them.
 *
 * @param issuerProp where the issuer was given, e.g. `issuers[0]`
 */
export function tokensWithoutExpiry(issuerProp: string): Weakening {
  return {
    setting: `${issuerProp}: tokens without exp accepted`,
    reasonProp: `${issuerProp}.tokensWithoutExpiryReason`,
    consequence: 'a token without an exp claim never expires: a leaked one is accepted until the issuer\'s signing key is rotated',
    rules: [],
  };
}

/** Whether a value is an `https://` URL without query or fragment, as an issuer or JWKS URL must be. */
export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.search === '' && url.hash === '';
  } catch {
    return false;
  }
}
