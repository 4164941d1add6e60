/**
 * The kinds of API that API Gateway serves. Authorization, access-log fields, identity-source syntax
 * and metric names differ between them; the kind-neutral core is told which one it is building for.
 */
export enum ApiKind {
  /** An HTTP API (API Gateway v2, `AWS::ApiGatewayV2::Api` with `ProtocolType: HTTP`). */
  HTTP = 'HTTP',
  /** A REST API (API Gateway v1, `AWS::ApiGateway::RestApi`). */
  REST = 'REST',
  /** A WebSocket API (API Gateway v2, `AWS::ApiGatewayV2::Api` with `ProtocolType: WEBSOCKET`). */
  WEBSOCKET = 'WEBSOCKET',
}

/** The name of a kind as users read it in messages. */
export function apiKindName(kind: ApiKind): string {
  return { HTTP: 'HTTP API', REST: 'REST API', WEBSOCKET: 'WebSocket API' }[kind];
}
