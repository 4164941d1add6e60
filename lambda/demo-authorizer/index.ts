import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Showcase Lambda authorizer (HTTP API, simple responses): accepts `Authorization: Bearer <key>` when
 * the SHA-256 of the key equals API_KEY_SHA256. Fails closed: a missing header, a missing setting or
 * any error is a denial.
 */
interface AuthorizerEvent {
  readonly headers?: Record<string, string | undefined>;
}

interface SimpleResponse {
  readonly isAuthorized: boolean;
  readonly context?: Record<string, string>;
}

const DENY: SimpleResponse = { isAuthorized: false };

/** Decides one request; exported for tests. */
export function decide(event: AuthorizerEvent, expectedSha256Hex: string | undefined): SimpleResponse {
  try {
    if (!expectedSha256Hex || !/^[0-9a-f]{64}$/i.test(expectedSha256Hex)) return DENY;
    const header = event.headers?.authorization ?? event.headers?.Authorization;
    const match = /^Bearer ([A-Za-z0-9._~+/-]{16,512}=*)$/.exec(header ?? '');
    if (!match) return DENY;
    const given = createHash('sha256').update(match[1]).digest();
    const expected = Buffer.from(expectedSha256Hex, 'hex');
    if (!timingSafeEqual(given, expected)) return DENY;
    return { isAuthorized: true, context: { principal: `key:${expectedSha256Hex.slice(0, 8)}` } };
  } catch {
    return DENY;
  }
}

export async function handler(event: AuthorizerEvent): Promise<SimpleResponse> {
  return decide(event, process.env.API_KEY_SHA256);
}
