/**
 * The authorizer's configuration, read once per container from the PORTCULLIS_JWT_AUTHORIZER
 * environment variable (JSON, written by the construct that deploys the function).
 */
export interface IssuerConfig {
  /** `iss` claim, exactly. */
  readonly issuer: string;
  /** Where the issuer publishes its signing keys. */
  readonly jwksUri: string;
  /** Accepted `aud` values (at least one of them). */
  readonly audiences?: string[];
  /** Accepted `client_id` values, or `aud` values for tokens without `client_id` (ID tokens). */
  readonly clientIds?: string[];
  /** Required `token_use` claim (Amazon Cognito: 'access' or 'id'). */
  readonly tokenUse?: string;
  /**
   * Accepted `typ` header values, compared case-insensitively with any `application/` prefix dropped
   * (RFC 7515 §4.1.9). Default: {@link DEFAULT_TOKEN_TYPES}.
   */
  readonly tokenTypes?: string[];
  /** Whether a token without `typ` is refused. Default: accepted (Amazon Cognito, Auth0 and others send none). */
  readonly requireTokenType?: boolean;
  /** Whether a token without `exp` is accepted. Default: refused; the construct sets it only with a reason. */
  readonly allowNoExpiry?: boolean;
}

/** `typ` values accepted by default: a JWT (RFC 7519 §5.1) or an OAuth 2.0 access token (RFC 9068 §2.1), per RFC 8725 §3.11. */
export const DEFAULT_TOKEN_TYPES = ['JWT', 'at+jwt', 'application/at+jwt'];

export interface AuthorizerConfig {
  readonly issuers: IssuerConfig[];
  /** A token needs at least one of these in its `scope` claim. */
  readonly scopes?: string[];
  /** Claims that must equal these values (or, for array claims, contain them). */
  readonly requiredClaims?: Record<string, string>;
  /** Where a REQUEST authorizer reads the token. */
  readonly tokenSource: { readonly location: 'HEADER' | 'QUERY_STRING'; readonly name: string };
  /** Whole milliseconds a JWKS fetch may take, response included. */
  readonly jwksTimeoutMs: number;
  /** After an unknown key id or a failed fetch, seconds before the JWKS of that issuer is fetched again. */
  readonly jwksRefetchIntervalSeconds: number;
  /** Seconds a fetched JWKS is used before it is fetched again. */
  readonly jwksMaxAgeSeconds: number;
}

export const CONFIG_VARIABLE = 'PORTCULLIS_JWT_AUTHORIZER';

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0);
const isHttpsUrl = (v: unknown): boolean => typeof v === 'string' && /^https:\/\/[^\s]+$/.test(v);

/** Parses and checks the configuration; throws on anything unexpected (the handler then denies every request). */
export function parseConfig(text: string | undefined): AuthorizerConfig {
  if (!text) throw new Error(`${CONFIG_VARIABLE} is not set`);
  const config = JSON.parse(text) as AuthorizerConfig;
  if (!Array.isArray(config.issuers) || config.issuers.length === 0) throw new Error('no issuers');
  for (const issuer of config.issuers) {
    if (!isHttpsUrl(issuer.issuer) || !isHttpsUrl(issuer.jwksUri)) throw new Error('issuer and jwksUri must be https URLs');
    if (issuer.audiences === undefined && issuer.clientIds === undefined) throw new Error(`${issuer.issuer}: no audiences or clientIds`);
    if (issuer.audiences !== undefined && !isStrings(issuer.audiences)) throw new Error(`${issuer.issuer}: bad audiences`);
    if (issuer.clientIds !== undefined && !isStrings(issuer.clientIds)) throw new Error(`${issuer.issuer}: bad clientIds`);
    if (issuer.tokenUse !== undefined && typeof issuer.tokenUse !== 'string') throw new Error(`${issuer.issuer}: bad tokenUse`);
    if (issuer.tokenTypes !== undefined && !isStrings(issuer.tokenTypes)) throw new Error(`${issuer.issuer}: bad tokenTypes`);
    for (const flag of ['requireTokenType', 'allowNoExpiry'] as const) {
      if (issuer[flag] !== undefined && typeof issuer[flag] !== 'boolean') throw new Error(`${issuer.issuer}: bad ${flag}`);
    }
  }
  if (config.scopes !== undefined && !isStrings(config.scopes)) throw new Error('bad scopes');
  const claims = config.requiredClaims ?? {};
  if (typeof claims !== 'object' || Object.values(claims).some((v) => typeof v !== 'string')) throw new Error('bad requiredClaims');
  const source = config.tokenSource;
  if (!source || !['HEADER', 'QUERY_STRING'].includes(source.location) || typeof source.name !== 'string') throw new Error('bad tokenSource');
  if (!Number.isInteger(config.jwksTimeoutMs) || config.jwksTimeoutMs < 100) throw new Error('bad jwksTimeoutMs');
  if (typeof config.jwksRefetchIntervalSeconds !== 'number' || config.jwksRefetchIntervalSeconds < 1) throw new Error('bad jwksRefetchIntervalSeconds');
  if (typeof config.jwksMaxAgeSeconds !== 'number' || config.jwksMaxAgeSeconds < config.jwksRefetchIntervalSeconds) throw new Error('bad jwksMaxAgeSeconds');
  return config;
}
