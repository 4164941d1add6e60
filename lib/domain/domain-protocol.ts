/**
 * What a custom domain serves. API Gateway never maps a WebSocket API and a REST or HTTP API to the
 * same custom domain name, so a domain is one or the other from the start.
 */
export enum DomainProtocol {
  /**
   * `https://`: REST and HTTP APIs, which can share the domain. The domain is an
   * `AWS::ApiGateway::DomainName`, the only kind that offers the enhanced TLS 1.3 policies.
   */
  HTTPS = 'HTTPS',
  /**
   * `wss://`: WebSocket APIs only. The domain is an `AWS::ApiGatewayV2::DomainName`: Regional, TLS 1.2,
   * no mutual TLS (API Gateway supports mutual TLS for REST and HTTP APIs only).
   */
  WEBSOCKET = 'WEBSOCKET',
}
