import { Stack } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';

const MARKER = Symbol.for('cdk-portcullis.ApiGatewayAccountLogging');

/**
 * Properties of an {@link ApiGatewayAccountLogging}.
 */
export interface ApiGatewayAccountLoggingProps {
  /**
   * The role API Gateway assumes to write execution logs.
   *
   * @default - a new role trusted by apigateway.amazonaws.com of this account, allowed to write to
   * the CloudWatch Logs log groups API Gateway names for execution logs only: `API-Gateway-Execution-Logs_*`
   * (REST) and `/aws/apigateway/*` (WebSocket)
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
      // A customer managed policy rather than an inline one (NIST 800-53, HIPAA and PCI DSS flag inline policies).
      const policy = new iam.ManagedPolicy(this, 'ExecutionLogsPolicy', {
        description: 'Lets API Gateway write execution logs (log groups API-Gateway-Execution-Logs_<api-id>/<stage> for REST, /aws/apigateway/<api-id>/<stage> for WebSocket)',
        statements: [
          new iam.PolicyStatement({
            actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents',
              'logs:GetLogEvents', 'logs:FilterLogEvents'],
            resources: [
              `arn:${partition}:logs:${region}:${account}:log-group:API-Gateway-Execution-Logs_*`,
              `arn:${partition}:logs:${region}:${account}:log-group:/aws/apigateway/*`,
            ],
          }),
          new iam.PolicyStatement({
            actions: ['logs:DescribeLogGroups'],
            resources: [`arn:${partition}:logs:${region}:${account}:log-group:*`],
          }),
        ],
      });
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
