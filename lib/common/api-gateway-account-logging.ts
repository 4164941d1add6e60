import { Stack, Validations } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { renderedInFinding } from './finding-rendering';

const MARKER = Symbol.for('cdk-portcullis.ApiGatewayAccountLogging');

/** Why each log-group wildcard of the execution-logs policy is needed. */
const EXECUTION_LOGS_REASONS = {
  rest: 'API Gateway names each REST execution log group itself, API-Gateway-Execution-Logs_<api-id>/<stage>, per API id and stage, '
    + 'unknown until deployment; the wildcard covers only those groups',
  webSocket: 'API Gateway names each WebSocket execution log group itself, /aws/apigateway/<api-id>/<stage>, per API id and stage, '
    + 'unknown until deployment; the wildcard covers only those groups',
  describe: 'logs:DescribeLogGroups is a list action authorized only on all log groups of the account and Region (log-group:*); '
    + 'it reads names and settings, no log events',
};

/**
 * Properties of an {@link ApiGatewayAccountLogging}.
 */
export interface ApiGatewayAccountLoggingProps {
  /**
   * The role API Gateway assumes to write execution logs.
   *
   * @default - a new role trusted by apigateway.amazonaws.com of this account, allowed to write to
   * the CloudWatch Logs log groups API Gateway names for execution logs only: `API-Gateway-Execution-Logs_*`
   * (REST) and `/aws/apigateway/*` (WebSocket), and to list log groups (`logs:DescribeLogGroups` on
   * `log-group:*`, the only resource that action takes). The three AwsSolutions-IAM5 findings these
   * wildcards cause are acknowledged on the role's policy, each with its reason
   */
  readonly role?: iam.IRole;
}

/**
 * The account-wide setting that lets API Gateway write REST and WebSocket execution logs: one
 * `AWS::ApiGateway::Account` per account and Region, naming a CloudWatch Logs role.
 *
 * Declare it once per environment, in a stack that lives as long as the account's APIs (a
 * platform or bootstrap stack). aws-cdk-lib's `RestApi` creates and overwrites this setting for
 * every API by default (`cloudWatchRole: true`); deleting one such API then removes the role every
 * other API logs through. `SecureRestApi` never does, and says so at synth when execution logging
 * is on and no `ApiGatewayAccountLogging` is declared for its environment in the app.
 */
export class ApiGatewayAccountLogging extends Construct {
  /** Whether an `ApiGatewayAccountLogging` exists in the app for the environment (account and Region) of `scope`. */
  public static isDeclaredFor(scope: IConstruct): boolean {
    const { account, region } = Stack.of(scope);
    return scope.node.root.node.findAll().some((c) => (c as any)[MARKER] === true
      && Stack.of(c).account === account && Stack.of(c).region === region);
  }

  /** The role API Gateway writes execution logs with. */
  public readonly role: iam.IRole;
  /** The account setting. */
  public readonly account: CfnAccount;

  constructor(scope: Construct, id: string, props: ApiGatewayAccountLoggingProps = {}) {
    super(scope, id);
    Object.defineProperty(this, MARKER, { value: true });
    const { partition, region, account } = Stack.of(this);
    if (props.role) {
      this.role = props.role;
    } else {
      const logGroups = (name: string) => `arn:${partition}:logs:${region}:${account}:log-group:${name}`;
      const restGroups = logGroups('API-Gateway-Execution-Logs_*');
      const webSocketGroups = logGroups('/aws/apigateway/*');
      const allGroups = logGroups('*');
      // A customer managed policy rather than an inline one (NIST 800-53, HIPAA and PCI DSS flag inline policies).
      const policy = new iam.ManagedPolicy(this, 'ExecutionLogsPolicy', {
        description: 'Lets API Gateway write execution logs (log groups API-Gateway-Execution-Logs_<api-id>/<stage> for REST, /aws/apigateway/<api-id>/<stage> for WebSocket)',
        statements: [
          new iam.PolicyStatement({
            actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents',
              'logs:GetLogEvents', 'logs:FilterLogEvents'],
            resources: [restGroups, webSocketGroups],
          }),
          new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: [allGroups] }),
        ],
      });
      // Each wildcard is needed; acknowledged on this policy with the id the pack renders in this app.
      const cfnPolicy = policy.node.defaultChild!;
      Validations.of(cfnPolicy).acknowledge(...[
        { resource: restGroups, reason: EXECUTION_LOGS_REASONS.rest },
        { resource: webSocketGroups, reason: EXECUTION_LOGS_REASONS.webSocket },
        { resource: allGroups, reason: EXECUTION_LOGS_REASONS.describe },
      ].map(({ resource, reason }) => ({ id: `AwsSolutions-IAM5[Resource::${renderedInFinding(cfnPolicy, resource)}]`, reason })));
      this.role = new iam.Role(this, 'Role', {
        assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': account } },
        }),
        description: 'Lets API Gateway write REST and WebSocket execution logs of this account and Region',
        managedPolicies: [policy],
      });
    }
    this.account = new CfnAccount(this, 'Account', { cloudWatchRoleArn: this.role.roleArn });
  }
}
