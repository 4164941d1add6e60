/**
 * The custom metrics the authorizer writes as CloudWatch embedded metrics: one JSON line on stdout per
 * count, which CloudWatch Logs turns into the metric. No SDK call, no extra permission.
 */
/** Namespace and name of the custom metric counting denials that are not the caller's fault. */
export const METRIC_NAMESPACE = 'Portcullis/JwtAuthorizer';
export const METRIC_NAME = 'JwksUnavailable';
/**
 * The custom metric counting `Unauthorized` answers (401 on REST and WebSocket): the function ends
 * them with an error, as API Gateway requires, so Lambda counts them in `Errors` too, and alarms
 * subtract them to see real failures.
 */
export const UNAUTHORIZED_METRIC_NAME = 'Unauthorized';

/** Counts one denial that is not the caller's fault. */
export function recordIssuerFault(): void {
  recordCount(METRIC_NAME);
}

/** Counts one `Unauthorized` answer. */
export function recordUnauthorized(): void {
  recordCount(UNAUTHORIZED_METRIC_NAME);
}

function recordCount(name: string): void {
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local';
  process.stdout.write(JSON.stringify({
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [['FunctionName']], Metrics: [{ Name: name, Unit: 'Count' }] }],
    },
    FunctionName: functionName,
    [name]: 1,
  }) + '\n');
}
