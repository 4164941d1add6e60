import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { DEFAULT_TOKEN_SOURCE, IdentitySource, IdentitySourceLocation, identitySourceProblem } from './identity-source';
import { JwtIssuer } from './jwt-issuer';
import { checkScopeWords } from './scope-words';
import { checkInteger, invalidProp } from '../common/validation';
import { checkNodeRuntime } from '../function/latest-node-runtime';

// The settings of a Lambda JWT authorizer's function, declared here, below lib/identity: RouteAuthorization.jwtLambda()
// takes them and checks them when the route is declared; identity's JwtAuthorizerFunction deploys them.

/**
 * What the JWT authorizer function checks and how it runs.
 */
export interface JwtAuthorizerFunctionProps {
  /** Issuers whose tokens are accepted, e.g. `[JwtIssuer.cognito({ userPool, userPoolClients })]`. At least one. */
  readonly issuers: JwtIssuer[];

  /**
   * Scopes of which a token needs at least one in its `scope` claim, e.g. `['orders/read']`. They apply
   * to every route the authorizer protects: API Gateway caches one answer per token for the whole API.
   *
   * @default - no scope is required (then an issuer should check `audiences`, or any token it issued for the client passes)
   */
  readonly scopes?: string[];

  /**
   * Claims that must have exactly these values (or, for array claims such as `groups`, contain them),
   * e.g. `{ tenant: 'acme' }`.
   *
   * @default - none
   */
  readonly requiredClaims?: Record<string, string>;

  /**
   * Where the token is read: a header (`Bearer <jwt>` or the bare JWT) or, for WebSocket `$connect`
   * from browsers, which cannot set headers there, a query string.
   *
   * @default IdentitySource.header('Authorization')
   */
  readonly tokenSource?: IdentitySource;

  /**
   * Concurrent executions reserved for the function: the most it runs at once, so a flood of
   * uncached tokens can neither exhaust the account's concurrency nor scale without bound.
   *
   * @default 20
   */
  readonly reservedConcurrentExecutions?: number;

  /**
   * The Node.js runtime, Node.js 22 or newer (the bundled handler is JavaScript built for Node.js
   * 22). One older than the newest the installed aws-cdk-lib knows is reported by AwsSolutions-L1 and
   * Serverless-LambdaLatestVersion.
   *
   * @default - the newest Node.js runtime the installed aws-cdk-lib knows (found when the function is built, as cdk-nag finds it)
   */
  readonly runtime?: lambda.Runtime;

  /**
   * Memory in MiB; CPU, and so verification speed, grows with it.
   *
   * @default 256
   */
  readonly memorySize?: number;

  /**
   * How long one JWKS fetch may take before the request is denied, whole milliseconds from 100 to
   * 3000. Kept well under the function's timeout (5 seconds) so an issuer that hangs costs a denial, not a timeout.
   *
   * @default Duration.millis(1500)
   */
  readonly jwksTimeout?: Duration;

  /**
   * After a key id that is not in the issuer's JWKS, or a failed fetch, how long before that key id,
   * or after a failure the JWKS of that issuer, is fetched again (1 to 300 seconds). Fetches for
   * unknown key ids also draw on a per-issuer budget of two that refills one per interval, so a flood
   * of bogus key ids costs the issuer one fetch per interval, and one bogus key id does not hold back
   * a key the issuer has just rotated in.
   *
   * @default Duration.seconds(10)
   */
  readonly jwksRefetchInterval?: Duration;

  /**
   * How long a fetched JWKS is trusted before it is fetched again (whole seconds from 60 to 86400, and
   * at least `jwksRefetchInterval`). A key the issuer removes, e.g. after a compromise, stops being
   * accepted within this time. The refetch happens on the first request after it (one fetch, shared
   * by concurrent requests); if the issuer cannot be reached then, requests are denied as the issuer's
   * fault (JwksUnavailable) until it can, never allowed with keys older than this.
   *
   * @default Duration.hours(1)
   */
  readonly jwksMaxAge?: Duration;

  /**
   * How long the function's logs are kept.
   *
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * Customer managed KMS key for the function's logs.
   *
   * @default - the stack's `SharedEncryptionKey` if it has one, else a new key with yearly rotation
   */
  readonly logEncryptionKey?: kms.IKey;

  /**
   * What happens to the log group when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;

  /**
   * Why the log group may be deleted: required with a `logRemovalPolicy` of `DESTROY` or `SNAPSHOT`
   * (at least 10 visible characters), refused otherwise. Recorded on the log group under
   * `Portcullis::Weakenings`.
   *
   * @default - none (the log group is kept)
   */
  readonly logRemovalReason?: string;

  /**
   * A VPC to run the function in, e.g. when the issuer is reachable only on a private network or
   * egress must go through inspected NAT. The subnets need a route to every issuer's JWKS endpoint
   * (NAT gateway, or a private issuer); without one, every uncached token is denied as the
   * issuer's fault (JwksUnavailable), never allowed.
   *
   * @default - no VPC: the function reaches the issuers' public JWKS endpoints directly
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Subnets of `vpc` to use.
   *
   * @default - the VPC's private subnets with egress
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the function in `vpc`; they need HTTPS egress to the issuers.
   *
   * @default - one new security group allowing all egress
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/** Defaults of the JWT authorizer function, in one place. */
export const JWT_AUTHORIZER_FUNCTION_DEFAULTS = {
  reservedConcurrentExecutions: 20,
  memorySize: 256,
  timeout: Duration.seconds(5),
  jwksTimeout: Duration.millis(1500),
  jwksRefetchInterval: Duration.seconds(10),
  jwksMaxAge: Duration.hours(1),
} as const;

/**
 * Kind-neutral checks of the function's settings; `prop` names where they were passed (e.g.
 * `authorization.`), empty for the construct's own props.
 */
export function validateJwtAuthorizerFunction(scope: IConstruct, prop: string, props: JwtAuthorizerFunctionProps): void {
  if (!props.issuers || props.issuers.length === 0) {
    invalidProp(scope, `${prop}issuers`, [], 'must list at least one issuer',
      'pass e.g. issuers: [JwtIssuer.cognito({ userPool, userPoolClients: [client] })]');
  }
  props.issuers.forEach((issuer, i) => issuer._validate(scope, `${prop}issuers[${i}]`));
  checkScopeWords(scope, `${prop}scopes`, props.scopes, "list each scope separately, e.g. ['orders/read']");
  for (const [name, value] of Object.entries(props.requiredClaims ?? {})) {
    if (name === '' || typeof value !== 'string') {
      invalidProp(scope, `${prop}requiredClaims`, props.requiredClaims, 'each claim needs a name and a string value', "e.g. { tenant: 'acme' }");
    }
  }
  const source = props.tokenSource ?? DEFAULT_TOKEN_SOURCE;
  const problem = identitySourceProblem(source);
  if (problem) invalidProp(scope, `${prop}tokenSource`, source.toString(), problem, "e.g. IdentitySource.header('Authorization')");
  if (source.location !== IdentitySourceLocation.HEADER && source.location !== IdentitySourceLocation.QUERY_STRING) {
    invalidProp(scope, `${prop}tokenSource`, source.toString(), 'a token is read from a request header or query string',
      "use IdentitySource.header('Authorization') (the default) or IdentitySource.queryString('token')");
  }
  if (props.reservedConcurrentExecutions !== undefined) {
    checkInteger(scope, `${prop}reservedConcurrentExecutions`, props.reservedConcurrentExecutions, 1, 1_000_000, 'reserve at least 1, e.g. 20');
  }
  if (props.runtime !== undefined) checkNodeRuntime(scope, `${prop}runtime`, props.runtime);
  if (props.memorySize !== undefined) checkInteger(scope, `${prop}memorySize`, props.memorySize, 128, 10_240, 'give MiB, e.g. 256');
  const jwksMs = (props.jwksTimeout ?? JWT_AUTHORIZER_FUNCTION_DEFAULTS.jwksTimeout).toMilliseconds();
  checkInteger(scope, `${prop}jwksTimeout`, jwksMs, 100, 3000,
    'give whole milliseconds from Duration.millis(100) to Duration.seconds(3), well under the function\'s 5-second timeout');
  const refetch = (props.jwksRefetchInterval ?? JWT_AUTHORIZER_FUNCTION_DEFAULTS.jwksRefetchInterval).toSeconds({ integral: false });
  checkInteger(scope, `${prop}jwksRefetchInterval`, refetch, 1, 300, 'give whole seconds from 1 to 300, e.g. Duration.seconds(10)');
  const maxAge = (props.jwksMaxAge ?? JWT_AUTHORIZER_FUNCTION_DEFAULTS.jwksMaxAge).toSeconds({ integral: false });
  checkInteger(scope, `${prop}jwksMaxAge`, maxAge, Math.max(60, refetch), 86_400,
    'give whole seconds from Duration.minutes(1) (and at least jwksRefetchInterval) to Duration.days(1), e.g. Duration.hours(1)');
}
