import { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { AuthorizerConfig } from './config';

/**
 * The authorizer events this handler answers: HTTP API (payload 2.0, simple responses), REST API
 * TOKEN and REQUEST, and WebSocket `$connect` (REQUEST). Only the fields it reads.
 */
export interface AuthorizerEvent {
  readonly version?: string;
  readonly type?: string;
  /** REST and WebSocket: the ARN of the method or route called. */
  readonly methodArn?: string;
  /** REST TOKEN: the identity source's value. */
  readonly authorizationToken?: string;
  readonly headers?: Record<string, string | undefined> | null;
  readonly queryStringParameters?: Record<string, string | undefined> | null;
}

export interface SimpleResult {
  readonly isAuthorized: boolean;
  readonly context?: Record<string, string>;
}

export interface PolicyResult {
  readonly principalId: string;
  readonly policyDocument: {
    readonly Version: '2012-10-17';
    readonly Statement: { readonly Action: string; readonly Effect: 'Allow' | 'Deny'; readonly Resource: string }[];
  };
  readonly context?: Record<string, string>;
}

export type AuthorizerResult = SimpleResult | PolicyResult;

const BEARER = /^Bearer\s+/i;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const MAX_TOKEN_LENGTH = 16_384;

/** The compact JWT the caller sent, without a `Bearer ` prefix, or undefined when there is none. */
export function tokenOf(event: AuthorizerEvent, source: AuthorizerConfig['tokenSource']): string | undefined {
  let raw: string | undefined;
  if (event.type === 'TOKEN') {
    raw = event.authorizationToken;
  } else if (source.location === 'HEADER') {
    const wanted = source.name.toLowerCase();
    const entry = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === wanted);
    raw = entry?.[1];
  } else {
    raw = event.queryStringParameters?.[source.name];
  }
  if (typeof raw !== 'string') return undefined;
  const token = raw.trim().replace(BEARER, '');
  return token.length <= MAX_TOKEN_LENGTH && JWT_SHAPE.test(token) ? token : undefined;
}

/** REST (TOKEN, REQUEST) and WebSocket `$connect`: answered with an IAM policy, or `Unauthorized`. */
export const isPolicyEvent = (event: AuthorizerEvent): boolean => typeof event.methodArn === 'string';

/**
 * The policy resource: every method of every path of the stage called, so that API Gateway's cached
 * answer for this token (the cache is per authorizer, not per method) decides the same for the next
 * method it protects.
 */
export function wholeApiResource(methodArn: string): string {
  // arn:aws:execute-api:region:account:apiId/stage/METHOD/path or .../stage/$connect
  const match = /^(arn:[^:]+:execute-api:[^:]+:[^:]+:[^/]+\/[^/]+)\//.exec(methodArn);
  return match ? `${match[1]}/*` : methodArn;
}

/**
 * The claims passed on to the integration: strings only, as REST contexts require. `claims` is every
 * claim as JSON: the token's own payload segment, decoded (the token is verified by now, so these are
 * the bytes the issuer signed), which costs less than serializing the parsed payload again.
 */
export function contextOf(payload: JwtPayload, token: string): Record<string, string> {
  const context: Record<string, string> = {};
  for (const name of ['sub', 'iss', 'scope', 'client_id', 'token_use', 'username', 'email']) {
    const value = payload[name];
    if (typeof value === 'string') context[name] = value;
  }
  const start = token.indexOf('.') + 1;
  context.claims = Buffer.from(token.slice(start, token.indexOf('.', start)), 'base64url').toString('utf8');
  return context;
}

/** The answer for a verified token: `payload` is what aws-jwt-verify parsed from `token`. */
export function allow(event: AuthorizerEvent, payload: JwtPayload, token: string): AuthorizerResult {
  const context = contextOf(payload, token);
  if (!isPolicyEvent(event)) return { isAuthorized: true, context };
  return policy(typeof payload.sub === 'string' ? payload.sub : 'unknown', 'Allow', wholeApiResource(event.methodArn!), context);
}

export function deny(event: AuthorizerEvent): AuthorizerResult {
  if (!isPolicyEvent(event)) return { isAuthorized: false };
  return policy('anonymous', 'Deny', wholeApiResource(event.methodArn!));
}

function policy(principalId: string, effect: 'Allow' | 'Deny', resource: string, context?: Record<string, string>): PolicyResult {
  return {
    principalId,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] },
    ...(context ? { context } : {}),
  };
}
