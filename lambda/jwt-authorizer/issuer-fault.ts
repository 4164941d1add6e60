import { FetchError, JwkValidationError, JwksNotAvailableInCacheError, JwksValidationError } from 'aws-jwt-verify/error';

/** Namespace and name of the custom metric counting denials that are not the caller's fault. */
export const METRIC_NAMESPACE = 'Portcullis/JwtAuthorizer';
export const METRIC_NAME = 'JwksUnavailable';

/** Whether a verification failure is the issuer's (JWKS unreachable, slow or invalid), not the token's. */
export function isIssuerFault(err: unknown): boolean {
  return err instanceof FetchError || err instanceof JwksValidationError || err instanceof JwkValidationError
    || err instanceof JwksNotAvailableInCacheError;
}

/**
 * Counts one denial that is not the caller's fault, as a CloudWatch embedded metric: one JSON line
 * on stdout, which CloudWatch Logs turns into the metric. No SDK call, no extra permission.
 */
export function recordIssuerFault(): void {
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local';
  process.stdout.write(JSON.stringify({
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [['FunctionName']], Metrics: [{ Name: METRIC_NAME, Unit: 'Count' }] }],
    },
    FunctionName: functionName,
    [METRIC_NAME]: 1,
  }) + '\n');
}
