import { JwksNotAvailableInCacheError, KidNotFoundInJwksError } from 'aws-jwt-verify/error';
import { JwksCache, SimpleJwksCache, SimplePenaltyBox } from 'aws-jwt-verify/jwk';
import { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { JwtVerifier } from 'aws-jwt-verify/jwt-verifier';
import { AuthorizerConfig, CONFIG_VARIABLE, IssuerConfig, parseConfig } from './config';
import { AuthorizerEvent, AuthorizerResult, allow, deny, tokenOf } from './events';
import { isIssuerFault, recordIssuerFault } from './issuer-fault';
import { BackoffFetcher } from './jwks-fetcher';

/**
 * Portcullis JWT authorizer: verifies a JSON Web Token with aws-jwt-verify against one or more
 * issuers and answers API Gateway in the format of the event (HTTP API simple response, or an IAM
 * policy for REST and WebSocket APIs).
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
  const jwksCache: JwksCache = new SimpleJwksCache({
    fetcher: new BackoffFetcher(config.jwksTimeoutMs, config.jwksRefetchIntervalSeconds),
    penaltyBox: new SimplePenaltyBox({ waitSeconds: config.jwksRefetchIntervalSeconds }),
  });
  const verifier = JwtVerifier.create(config.issuers.map((issuer) => ({
    issuer: issuer.issuer,
    jwksUri: issuer.jwksUri,
    audience: issuer.audiences ?? null,
    scope: config.scopes && config.scopes.length > 0 ? config.scopes : undefined,
    customJwtCheck: ({ payload }: { payload: JwtPayload }) => checkClaims(issuer, config, payload),
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

/** The checks aws-jwt-verify's generic verifier leaves to us: client id, token use, required claims. */
function checkClaims(issuer: IssuerConfig, config: AuthorizerConfig, payload: JwtPayload): void {
  if (issuer.clientIds) {
    // Access tokens (Cognito, RFC 9068) name the client in client_id; ID tokens in aud.
    const clientId = payload.client_id;
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

export async function handler(event: AuthorizerEvent): Promise<AuthorizerResult> {
  try {
    const { config, verifier } = load();
    const token = tokenOf(event, config.tokenSource);
    if (token === undefined) {
      log('INFO', 'denied', { reason: 'no bearer token' });
      return deny(event);
    }
    const payload = await verifier.verify(token);
    return allow(event, payload, token);
  } catch (err) {
    const name = err instanceof Error ? err.name : 'unknown';
    if (err instanceof ConfigurationError || isIssuerFault(err)) {
      log('ERROR', 'denied: not the caller\'s fault', { reason: name, detail: String((err as Error)?.message ?? err) });
      recordIssuerFault();
    } else {
      log('INFO', 'denied', { reason: name });
    }
    try {
      return deny(event);
    } catch {
      return { isAuthorized: false };
    }
  }
}

function log(level: string, message: string, fields: Record<string, string>): void {
  console.log(JSON.stringify({ level, message, ...fields }));
}
