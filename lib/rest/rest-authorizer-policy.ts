/**
 * What a REST Lambda authorizer should put in the policy it returns.
 *
 * API Gateway caches a Lambda authorizer's policy per identity (the token or the identity sources)
 * and applies the cached policy to every later method the same caller calls until the TTL ends. A
 * policy that allows only `event.methodArn` (the method of the first call) therefore denies the
 * caller's next call to any other method with 403 until the cache expires. With caching on
 * (Portcullis' default, 300 s), allow the whole API stage and decide per method in the backend, or
 * list every method the caller may use.
 */
export class RestAuthorizerPolicy {
  /**
   * The resource covering every method of the stage a request came through:
   * `arn:aws:execute-api:eu-west-1:111122223333:abc123/prod/GET/orders/1` → `…:abc123/prod/*`.
   *
   * @param methodArn the `methodArn` of the authorizer event
   */
  public static stageResource(methodArn: string): string {
    const [prefix, path] = splitArn(methodArn);
    const [apiId, stage] = path.split('/');
    return `${prefix}${apiId}/${stage}/*`;
  }

  private constructor() {}
}

function splitArn(methodArn: string): [string, string] {
  const parts = methodArn.split(':');
  if (parts.length < 6 || parts[2] !== 'execute-api' || parts.slice(5).join(':').split('/').length < 3) {
    throw new Error(`RestAuthorizerPolicy: '${methodArn}' is not an execute-api method ARN (arn:<partition>:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD>/<path>)`);
  }
  return [`${parts.slice(0, 5).join(':')}:`, parts.slice(5).join(':')];
}
