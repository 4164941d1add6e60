/**
 * What a backend may do with the connections of a WebSocket API through its `@connections` API
 * (`https://<api-id>.execute-api.<region>.<url-suffix>/<stage>/@connections/<connection-id>`). Each is
 * a separate `execute-api:ManageConnections` resource, `<api-id>/<stage>/<METHOD>/@connections/*`,
 * so a backend that only answers clients is not allowed to read or close their connections.
 */
export enum ConnectionAction {
  /** Send a message to a client (`PostToConnection`). */
  POST = 'POST',
  /** Read a connection's status, connection time and source IP (`GetConnection`). */
  GET = 'GET',
  /** Close a client's connection (`DeleteConnection`). */
  DELETE = 'DELETE',
}

/** Why a `@connections` grant ends in `*`. */
export const CONNECTIONS_WILDCARD_REASON = 'Connection ids exist only at run time; the wildcard covers only the granted @connections action '
  + 'on connections of this API\'s stage';

/** The connection actions granted when none are named: posting messages only. */
export const DEFAULT_CONNECTION_ACTIONS: readonly ConnectionAction[] = [ConnectionAction.POST];

/** The resource name (after the API id) of a connection action on a stage: `<stage>/POST/@connections/*`. */
export function connectionResourceName(stageName: string, action: ConnectionAction): string {
  return `${stageName}/${action}/@connections/*`;
}
