import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { LambdaFunctionMetrics } from './lambda-function-metrics';
import { JwtAuthorizerFunction } from '../../identity/jwt-authorizer-function';

/**
 * The metrics of the Lambda JWT authorizer: its function's `AWS/Lambda` metrics, and the metric it writes
 * itself, `Portcullis/JwtAuthorizer` `JwksUnavailable` (dimension `FunctionName`): denials that were not
 * the caller's fault (an issuer's JWKS unreachable, slow or invalid).
 */
export class JwtAuthorizerMetrics extends LambdaFunctionMetrics {
  /** @param authorizer the authorizer's function construct */
  constructor(private readonly authorizer: JwtAuthorizerFunction) {
    super(authorizer.function);
  }

  /**
   * Failed invocations: `Errors` less the `Unauthorized` answers (401 on REST and WebSocket), which the
   * function ends with an error as API Gateway requires. @default - sum over 5 minutes
   */
  public metricFailures(props?: cloudwatch.MetricOptions): cloudwatch.MathExpression {
    return this.authorizer.metricFailures(props);
  }

  /** `JwksUnavailable`, sum. @default - over 5 minutes */
  public metricJwksUnavailable(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.authorizer.metricJwksUnavailable(props);
  }
}
