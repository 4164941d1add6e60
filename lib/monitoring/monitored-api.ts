import { ApiKind } from '../common/api-kind';
import { ISecureApi } from '../common/secure-api';
import { IApiWebAcl } from '../waf/gateway-web-acl';

// What monitoring reads of an API beyond ISecureApi, per kind, through these shapes and never through
// the concrete API classes (which sit on a floor above monitoring). Read by duck typing, so that
// ISecureApi stays as it is for whoever implements it.

/** An API whose routes per-route alarms can be checked against (HTTP, REST). */
export interface IRouteKeyedApi extends ISecureApi {
  /** The routes as per-route alarms name them, the method in capitals and the path (`GET /orders/{id}`). */
  declaredRouteKeys(): string[];
}

/** An API kind whose stage a web ACL protects (REST). */
export interface IWebAclProtectedApi extends ISecureApi {
  /** The web ACL associated with the stage, if any. */
  readonly webAcl?: IApiWebAcl;
}

/** The API's routes as per-route alarms name them, or `undefined` when its kind does not name them so (WebSocket). */
export function declaredRouteKeysOf(api: ISecureApi): string[] | undefined {
  const keyed = api as Partial<IRouteKeyedApi>;
  return typeof keyed.declaredRouteKeys === 'function' ? keyed.declaredRouteKeys() : undefined;
}

/** The web ACL that protects the API's stage: only REST stages are associated with one. */
export function webAclOf(api: ISecureApi): IApiWebAcl | undefined {
  return api.apiKind === ApiKind.REST && 'webAcl' in api ? (api as IWebAclProtectedApi).webAcl : undefined;
}
