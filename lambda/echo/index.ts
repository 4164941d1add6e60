/**
 * Showcase backend: answers with who called which route, never with the token or the request body.
 * Works behind JWT, Cognito, Lambda and IAM authorization (HTTP API payload format 2.0).
 */
interface HttpApiEvent {
  readonly routeKey: string;
  readonly requestContext: {
    readonly requestId: string;
    readonly authorizer?: {
      readonly jwt?: { readonly claims?: Record<string, unknown>; readonly scopes?: string[] | null };
      readonly lambda?: Record<string, unknown>;
      readonly iam?: { readonly userArn?: string };
    };
  };
}

interface HttpApiResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Who the caller is, as far as the authorizer told us. */
export function callerOf(event: HttpApiEvent): { kind: string; id?: string; scopes?: string[] } {
  const auth = event.requestContext.authorizer;
  if (auth?.jwt) {
    const sub = auth.jwt.claims?.sub;
    return { kind: 'jwt', id: typeof sub === 'string' ? sub : undefined, scopes: auth.jwt.scopes ?? [] };
  }
  if (auth?.lambda) {
    const principal = auth.lambda.principal;
    return { kind: 'lambda', id: typeof principal === 'string' ? principal : undefined };
  }
  if (auth?.iam) return { kind: 'iam', id: auth.iam.userArn };
  return { kind: 'public' };
}

export async function handler(event: HttpApiEvent): Promise<HttpApiResult> {
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify({ route: event.routeKey, requestId: event.requestContext.requestId, caller: callerOf(event) }),
  };
}
