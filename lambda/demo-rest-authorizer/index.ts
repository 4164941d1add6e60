import { RestAuthorizerPolicy } from '../../lib/rest/rest-authorizer-policy';
import { decide } from '../demo-authorizer';

/**
 * Showcase Lambda TOKEN authorizer for REST APIs: the same fail-closed key check as the HTTP demo
 * authorizer, answered with the IAM policy REST APIs expect. The decision is cached per token for the
 * whole stage, so an allow covers every method of the stage (`RestAuthorizerPolicy.stageResource`),
 * and a deny denies them all.
 */
interface TokenAuthorizerEvent {
  readonly authorizationToken?: string;
  readonly methodArn: string;
}

interface PolicyResponse {
  readonly principalId: string;
  readonly policyDocument: {
    readonly Version: '2012-10-17';
    readonly Statement: Array<{ Action: string; Effect: 'Allow' | 'Deny'; Resource: string }>;
  };
  readonly context?: Record<string, string>;
}

export async function handler(event: TokenAuthorizerEvent): Promise<PolicyResponse> {
  let resource: string;
  try {
    resource = RestAuthorizerPolicy.stageResource(event.methodArn);
  } catch {
    return policy('anonymous', 'Deny', '*'); // fails closed; a deny needs no narrowing
  }
  const decision = decide({ headers: { authorization: event.authorizationToken } }, process.env.API_KEY_SHA256);
  return decision.isAuthorized
    ? { ...policy(decision.context!.principal, 'Allow', resource), context: decision.context }
    : policy('anonymous', 'Deny', resource);
}

function policy(principalId: string, effect: 'Allow' | 'Deny', resource: string): PolicyResponse {
  return {
    principalId,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] },
  };
}
