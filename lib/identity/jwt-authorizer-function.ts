import * as fs from 'node:fs';
import * as path from 'node:path';
import { CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { DEFAULT_TOKEN_SOURCE } from '../authorization/identity-source';
import { JWT_AUTHORIZER_FUNCTION_DEFAULTS, JwtAuthorizerFunctionProps, validateJwtAuthorizerFunction } from '../authorization/jwt-authorizer-function-props';
import { tokensWithoutExpiry } from '../authorization/jwt-issuer';
import { JWT_AUTHORIZER_CONFIG_VARIABLE } from '../common/jwt-authorizer-config';
import { reasonProblem } from '../common/reason-policy';
import { withRemovalNaming } from '../common/removal-weakening';
import { isUnresolved } from '../common/validation';
import { recordWeakening } from '../common/weakening';
import { SecureFunction } from '../function/secure-function';

/** The committed bundle: two folders up from lib/identity (sources), three from dist/lib/identity (the package). */
const ASSET = [2, 3].map((up) => path.join(__dirname, ...Array<string>(up).fill('..'), 'assets', 'lambda', 'jwt-authorizer'))
  .find((dir) => fs.existsSync(path.join(dir, 'index.js')))!;

/**
 * The Lambda function of a Lambda JWT authorizer: the bundled Portcullis handler (built on
 * aws-jwt-verify) deployed as a {@link SecureFunction} — newest Node.js runtime, arm64, X-Ray, JSON
 * logs in a KMS-encrypted log group with retention, explicit memory and 5-second timeout, reserved
 * concurrency, a role with only its logs and X-Ray.
 *
 * It answers HTTP APIs (simple responses), REST APIs (TOKEN and REQUEST) and WebSocket `$connect`
 * from the same code, and fails closed. `RouteAuthorization.jwtLambda()` creates one per API; create
 * one yourself to alarm on it, or to wire it to an authorizer you build.
 */
export class JwtAuthorizerFunction extends Construct {
  /** CloudWatch namespace of the custom metric the handler writes (embedded metric format), dimension `FunctionName`. */
  public static readonly METRIC_NAMESPACE = 'Portcullis/JwtAuthorizer';
  /** Name of the custom metric counting denials that were not the caller's fault (see `metricJwksUnavailable`). */
  public static readonly JWKS_UNAVAILABLE_METRIC = 'JwksUnavailable';
  /** Name of the custom metric counting `Unauthorized` answers, 401 on REST and WebSocket (see `metricUnauthorized`). */
  public static readonly UNAUTHORIZED_METRIC = 'Unauthorized';

  /** The hardened function construct (role, policies, log group). */
  public readonly secureFunction: SecureFunction;
  /** The Lambda function. */
  public readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: JwtAuthorizerFunctionProps) {
    super(scope, id);
    validateJwtAuthorizerFunction(this, '', props);
    const source = props.tokenSource ?? DEFAULT_TOKEN_SOURCE;
    const config = {
      issuers: props.issuers.map((issuer) => issuer._toConfig()),
      scopes: props.scopes ?? [],
      requiredClaims: props.requiredClaims ?? {},
      tokenSource: { location: source.location, name: source.name },
      jwksTimeoutMs: (props.jwksTimeout ?? JWT_AUTHORIZER_FUNCTION_DEFAULTS.jwksTimeout).toMilliseconds(),
      jwksRefetchIntervalSeconds: (props.jwksRefetchInterval ?? JWT_AUTHORIZER_FUNCTION_DEFAULTS.jwksRefetchInterval).toSeconds(),
      jwksMaxAgeSeconds: (props.jwksMaxAge ?? JWT_AUTHORIZER_FUNCTION_DEFAULTS.jwksMaxAge).toSeconds(),
    };
    this.secureFunction = new SecureFunction(this, 'Handler', withRemovalNaming({
      code: lambda.Code.fromAsset(ASSET),
      runtime: props.runtime,
      description: 'Portcullis JWT authorizer (aws-jwt-verify); fails closed',
      memorySize: props.memorySize ?? JWT_AUTHORIZER_FUNCTION_DEFAULTS.memorySize,
      timeout: JWT_AUTHORIZER_FUNCTION_DEFAULTS.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions ?? JWT_AUTHORIZER_FUNCTION_DEFAULTS.reservedConcurrentExecutions,
      environment: { [JWT_AUTHORIZER_CONFIG_VARIABLE]: Stack.of(this).toJsonString(config) },
      logRetention: props.logRetention,
      logEncryptionKey: props.logEncryptionKey,
      logRemovalPolicy: props.logRemovalPolicy,
      logRemovalReason: props.logRemovalReason,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
      noVpcReason: props.vpc ? undefined : 'Reaches only the issuers\' public JWKS endpoints over HTTPS; it reads no private resource',
      noDeadLetterQueueReason: 'Invoked synchronously by API Gateway; a dead-letter queue only applies to asynchronous invocations',
    }, { scope: this, policyProp: 'logRemovalPolicy', reasonProp: 'logRemovalReason' }));
    this.function = this.secureFunction.function;
    // Tokens that never expire, accepted with a reason: recorded on the function that accepts them.
    props.issuers.forEach((issuer, i) => {
      const reason = issuer.tokensWithoutExpiryReason;
      if (reason === undefined || isUnresolved(reason) || reasonProblem(reason) !== undefined) return;
      recordWeakening(this.function.node.defaultChild as CfnResource, tokensWithoutExpiry(`issuers[${i}]`), reason);
    });
  }

  /**
   * Denials that were not the caller's fault: an issuer's JWKS unreachable, too slow or invalid, or
   * the configuration broken. Alarm on it: ordinary rejected tokens never count here.
   *
   * @default - sum over 5 minutes
   */
  public metricJwksUnavailable(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: JwtAuthorizerFunction.METRIC_NAMESPACE,
      metricName: JwtAuthorizerFunction.JWKS_UNAVAILABLE_METRIC,
      dimensionsMap: { FunctionName: this.function.functionName },
      statistic: 'Sum',
      period: Duration.minutes(5),
      ...props,
    });
  }

  /**
   * `Unauthorized` answers: REST and WebSocket requests refused with 401 (missing, malformed, expired or
   * otherwise invalid tokens). The function ends these invocations with the error `Unauthorized`, as
   * API Gateway requires for a 401, so Lambda counts them in its `Errors` metric too; subtract this
   * one (`metricFailures`) to see real failures.
   *
   * @default - sum over 5 minutes
   */
  public metricUnauthorized(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: JwtAuthorizerFunction.METRIC_NAMESPACE,
      metricName: JwtAuthorizerFunction.UNAUTHORIZED_METRIC,
      dimensionsMap: { FunctionName: this.function.functionName },
      statistic: 'Sum',
      period: Duration.minutes(5),
      ...props,
    });
  }

  /**
   * Invocations that failed (exception, timeout, out of memory): Lambda's `Errors` less the
   * `Unauthorized` answers, which are errors only in form. Alarm on this, not on `Errors`, or every
   * expired token on a REST API raises the alarm.
   *
   * @default - sum over 5 minutes
   */
  public metricFailures(props?: cloudwatch.MetricOptions): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: 'MAX([0, errors - FILL(unauthorized, 0)])',
      usingMetrics: {
        errors: this.function.metricErrors({ statistic: 'Sum', period: Duration.minutes(5), ...props }),
        unauthorized: this.metricUnauthorized(props),
      },
      label: props?.label ?? 'Errors (Unauthorized answers excluded)',
      period: props?.period ?? Duration.minutes(5),
    });
  }

  /** Lets a principal invoke the function (API Gateway's permission is added by the authorizer). */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return this.function.grantInvoke(grantee);
  }
}
