import {
  JwksNotAvailableInCacheError, JwtInvalidAudienceError, JwtInvalidScopeError, KidNotFoundInJwksError,
} from 'aws-jwt-verify/error';
import { JwtHeader, JwtPayload } from 'aws-jwt-verify/jwt-model';
import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';
import { AuthorizerConfig, CONFIG_VARIABLE, DEFAULT_TOKEN_TYPES, IssuerConfig, parseConfig } from './config';
import { recordIssuerFault, recordUnauthorized } from './embedded-metrics';
import { AuthorizerEvent, AuthorizerResult, allow, deny, isPolicyEvent, tokenOf } from './events';
import { isIssuerFault } from './issuer-fault';
import { RefreshingJwksCache } from './jwks-cache';
import { BackoffFetcher } from './jwks-fetcher';

/**
 * Portcullis JWT authorizer: verifies a JSON Web Token with aws-jwt-verify against one or more
 * issuers and answers API Gateway in the format of the event (HTTP API simple response, or an IAM
 * policy for REST and WebSocket APIs).
 *
 * REST and WebSocket: a missing, malformed, expired or otherwise invalid token fails with exactly
 * `Unauthorized`, which API Gateway answers with 401 (get a new token); a valid token that lacks the
 * audience, client, scope or claims required gets a Deny policy, 403. HTTP APIs (simple responses)
 * can only say yes or no: every denial is 403.
 *
 * Fails closed: every failure, whatever its cause, is a denial. Failures that are not the caller's
 * (the issuer's JWKS unreachable or invalid, the configuration broken) are logged as such and counted
 * in the custom metric Portcullis/JwtAuthorizer JwksUnavailable, so an alarm tells them from rejected tokens.
 */

interface Verifier {
  verify(token: string): Promise<JwtPayload>;
}

/** Builds the verifier of a configuration; the JWKS cache lives as long as the container. */
export function createVerifier(config: AuthorizerConfig): Verifier {
  const issuersByUri = new Map<string, string[]>();
  for (const { issuer, jwksUri } of config.issuers) issuersByUri.set(jwksUri, [...(issuersByUri.get(jwksUri) ?? []), issuer]);
  const jwksCache = new RefreshingJwksCache({
    fetcher: new BackoffFetcher(config.jwksTimeoutMs, config.jwksRefetchIntervalSeconds),
    maxAgeMs: config.jwksMaxAgeSeconds * 1000,
    refetchIntervalMs: config.jwksRefetchIntervalSeconds * 1000,
    issuersByUri,
    // aws-jwt-verify keeps the key object it built for (iss, kid, alg) until told otherwise: a key the
    // issuer replaced under the same kid would stay trusted. cacheJwks drops them with each fetch.
    onFetched: (jwksUri, jwks) => {
      for (const issuer of issuersByUri.get(jwksUri) ?? []) verifier.cacheJwks(jwks, issuer);
    },
  });
  const verifier = JwtVerifier.create(config.issuers.map((issuer) => ({
    issuer: issuer.issuer,
    jwksUri: issuer.jwksUri,
    audience: issuer.audiences ?? null,
    scope: config.scopes && config.scopes.length > 0 ? config.scopes : undefined,
    customJwtCheck: tokenCheck(issuer, config),
  })), { jwksCache });
  return {
    verify: async (token) => {
      // Warm path: the issuer's keys are cached, so verify without the promise chain of a JWKS lookup.
      // Only "not in the cache yet" falls through to verify(), which fetches (rate-limited by the
      // penalty box); every other error is the token's and is thrown as it is.
      try {
        return verifier.verifySync(token) as JwtPayload;
      } catch (err) {
        if (err instanceof JwksNotAvailableInCacheError || err instanceof KidNotFoundInJwksError) {
          return verifier.verify(token) as Promise<JwtPayload>;
        }
        throw err;
      }
    },
  };
}

/** `typ` compared as RFC 7515 §4.1.9 says media types are: case-insensitively, `application/` optional. */
const typeKey = (typ: string): string => typ.toLowerCase().replace(/^application\//, '');

/**
 * The checks aws-jwt-verify's generic verifier leaves to us, run on a token whose signature, issuer,
 * expiry, audience and scope it has verified: header (`crit`, `typ`), `exp` present, client id, token
 * use, required claims.
 */
function tokenCheck(issuer: IssuerConfig, config: AuthorizerConfig): (jwt: { header: JwtHeader; payload: JwtPayload }) => void {
  const types = new Set((issuer.tokenTypes ?? DEFAULT_TOKEN_TYPES).map(typeKey));
  return ({ header, payload }) => {
    // RFC 7515 §4.1.11: we understand no extension, so any critical one is one we do not understand.
    if (header.crit !== undefined) throw new TokenRefusedError('crit header: critical extensions are not supported');
    const typ = header.typ;
    if (typ === undefined ? issuer.requireTokenType === true : typeof typ !== 'string' || !types.has(typeKey(typ))) {
      throw new TokenRefusedError(`typ ${JSON.stringify(typ)} not accepted`);
    }
    if (payload.exp === undefined && issuer.allowNoExpiry !== true) throw new TokenRefusedError('no exp claim');
    checkClaims(issuer, config, payload);
  };
}

/** A verified token that is not this API's kind of token (header, expiry): 401 on REST. */
class TokenRefusedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TokenRefusedError';
  }
}

/** Client id, token use, required claims: a valid token without the permission asked for, 403. */
function checkClaims(issuer: IssuerConfig, config: AuthorizerConfig, payload: JwtPayload): void {
  if (issuer.clientIds) {
    // Access tokens (Cognito, RFC 9068) name the client in client_id; ID tokens in aud.
    const clientId = payload.client_id;
    // A client_id that is not a string names no client: refused, not read past to aud.
    if (clientId !== undefined && typeof clientId !== 'string') throw new ClaimError('client_id');
    const candidates = typeof clientId === 'string' ? [clientId] : ([] as unknown[]).concat(payload.aud ?? []);
    if (!candidates.some((c) => typeof c === 'string' && issuer.clientIds!.includes(c))) throw new ClaimError('client_id');
  }
  if (issuer.tokenUse !== undefined && payload.token_use !== issuer.tokenUse) throw new ClaimError('token_use');
  for (const [name, expected] of Object.entries(config.requiredClaims ?? {})) {
    const actual = payload[name];
    const ok = Array.isArray(actual) ? actual.includes(expected) : actual === expected;
    if (!ok) throw new ClaimError(name);
  }
}

class ClaimError extends Error {
  constructor(claim: string) {
    super(`claim ${claim} not accepted`);
    this.name = 'ClaimError';
  }
}

let state: { config: AuthorizerConfig; verifier: Verifier } | Error | undefined;

function load(): { config: AuthorizerConfig; verifier: Verifier } {
  if (state === undefined) {
    try {
      const config = parseConfig(process.env[CONFIG_VARIABLE]);
      state = { config, verifier: createVerifier(config) };
    } catch (err) {
      state = err instanceof Error ? err : new Error(String(err));
    }
  }
  if (state instanceof Error) throw new ConfigurationError(state.message);
  return state;
}

class ConfigurationError extends Error {
  constructor(message: string) {
    super(`configuration: ${message}`);
    this.name = 'ConfigurationError';
  }
}

/**
 * Denials that are the token's permissions, not its validity: 403. Issuer faults are 403 too (a new
 * token would not help). Every other failure is the token's: 401.
 */
const isForbidden = (err: unknown): boolean =>
  err instanceof JwtInvalidAudienceError || err instanceof JwtInvalidScopeError || err instanceof ClaimError;

/** The message API Gateway maps to 401 on REST and WebSocket authorizers; any other error is a 500. */
const UNAUTHORIZED = 'Unauthorized';

export async function handler(event: AuthorizerEvent): Promise<AuthorizerResult> {
  let unauthorized: boolean;
  try {
    const { config, verifier } = load();
    const token = tokenOf(event, config.tokenSource);
    if (token === undefined) {
      log('INFO', 'denied', { reason: 'no bearer token' });
      unauthorized = true;
    } else {
      const payload = await verifier.verify(token);
      return allow(event, payload, token);
    }
  } catch (err) {
    const name = err instanceof Error ? err.name : 'unknown';
    const fault = err instanceof ConfigurationError || isIssuerFault(err);
    if (fault) {
      log('ERROR', 'denied: not the caller\'s fault', { reason: name, detail: String((err as Error)?.message ?? err) });
      recordIssuerFault();
    } else {
      log('INFO', 'denied', { reason: name });
    }
    unauthorized = !fault && !isForbidden(err);
  }
  let policyEvent: boolean;
  try {
    policyEvent = isPolicyEvent(event);
  } catch {
    return { isAuthorized: false };
  }
  if (unauthorized && policyEvent) {
    recordUnauthorized();
    throw new Error(UNAUTHORIZED);
  }
  try {
    return deny(event);
  } catch {
    return { isAuthorized: false };
  }
}

function log(level: string, message: string, fields: Record<string, string>): void {
  console.log(JSON.stringify({ level, message, ...fields }));
}
