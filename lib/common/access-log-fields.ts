import { ApiKind } from './api-kind';

/**
 * The JSON access-log record each Portcullis stage writes, per API kind: each kind exposes different
 * `$context` variables. The field names are shared where the meaning is, so that CloudWatch Logs
 * Insights queries (`filter status >= 400 | stats count() by sourceIp`) work across kinds.
 *
 * Deliberately absent: request and response bodies, headers, query strings and tokens. Only the
 * authorizer's error message is logged, never the credential it saw.
 */
const COMMON_FIELDS: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTimeEpoch',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  status: '$context.status',
  authorizerError: '$context.authorizer.error',
  errorMessage: '$context.error.message',
  principalId: '$context.authorizer.principalId',
};

/** HTTP APIs: the route key, method and path of each request. */
export const HTTP_ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: COMMON_FIELDS.requestId,
  extendedRequestId: COMMON_FIELDS.extendedRequestId,
  requestTime: COMMON_FIELDS.requestTime,
  sourceIp: COMMON_FIELDS.sourceIp,
  userAgent: COMMON_FIELDS.userAgent,
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  protocol: '$context.protocol',
  status: COMMON_FIELDS.status,
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: COMMON_FIELDS.authorizerError,
  errorMessage: COMMON_FIELDS.errorMessage,
  principalId: COMMON_FIELDS.principalId,
};

/** REST APIs: the resource path instead of a route key, the API key used, the WAF's verdict and the X-Ray trace. */
export const REST_ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  ...COMMON_FIELDS,
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  path: '$context.path',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integration.latency',
  integrationStatus: '$context.integration.status',
  integrationError: '$context.integration.error',
  apiKeyId: '$context.identity.apiKeyId',
  wafResponseCode: '$context.wafResponseCode',
  xrayTraceId: '$context.xrayTraceId',
};

/** WebSocket APIs: the connection and event instead of a method and path. */
export const WEBSOCKET_ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  ...COMMON_FIELDS,
  connectionId: '$context.connectionId',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  messageId: '$context.messageId',
  integrationLatency: '$context.integration.latency',
  integrationStatus: '$context.integration.status',
  integrationError: '$context.integration.error',
};

/** The standard fields of an API kind. */
export function standardAccessLogFields(kind: ApiKind): Readonly<Record<string, string>> {
  switch (kind) {
    case ApiKind.HTTP: return HTTP_ACCESS_LOG_FIELDS;
    case ApiKind.REST: return REST_ACCESS_LOG_FIELDS;
    case ApiKind.WEBSOCKET: return WEBSOCKET_ACCESS_LOG_FIELDS;
  }
}

/**
 * Renders the standard fields of a kind plus the caller's extra fields as the single-line JSON format
 * string API Gateway expects. Extra fields are validated by `validateExtraAccessLogFields`.
 */
export function jsonAccessLogFormat(kind: ApiKind, extraFields: Readonly<Record<string, string>> = {}): string {
  return JSON.stringify({ ...standardAccessLogFields(kind), ...extraFields });
}

/**
 * The facts every access-log record must hold to investigate a request, each with the `$context`
 * variables that record it (any one suffices): who called, which route or resource, with what result,
 * and the request id that ties the record to execution logs, traces and the caller's own report.
 */
export const ACCESS_LOG_REQUIRED_FACTS: ReadonlyArray<{ readonly fact: string; readonly variables: RegExp }> = [
  { fact: 'caller (sourceIp or identity)', variables: /\$context\.(identity\.[A-Za-z]+|authorizer\.(principalId|claims\.|jwt\.claims\.))/ },
  { fact: 'route or resource path', variables: /\$context\.(routeKey|resourcePath|path|resourceId)\b/ },
  { fact: 'status', variables: /\$context\.status\b/ },
  { fact: 'request id', variables: /\$context\.(requestId|extendedRequestId|awsEndpointRequestId)\b/ },
];

/** The facts of {@link ACCESS_LOG_REQUIRED_FACTS} an access-log format does not record. */
export function missingAccessLogFacts(format: string): string[] {
  return ACCESS_LOG_REQUIRED_FACTS.filter(({ variables }) => !variables.test(format)).map(({ fact }) => fact);
}
