/**
 * The JSON access-log record every Portcullis stage writes. Field names are stable so that
 * CloudWatch Logs Insights queries keep working across API kinds.
 *
 * Deliberately absent: request and response bodies, headers, query strings and tokens. Only the
 * authorizer's error message is logged, never the credential it saw.
 */
export const HTTP_ACCESS_LOG_FIELDS: Record<string, string> = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTimeEpoch',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  errorMessage: '$context.error.message',
  principalId: '$context.authorizer.principalId',
};

/** Renders a field map as the single-line JSON format string API Gateway expects. */
export function jsonAccessLogFormat(fields: Record<string, string>): string {
  return JSON.stringify(fields);
}
