import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import { ApiGatewayAccountLogging } from '../../lib';
import { findings } from '../identity/nag-packs';
import { USER_APP_SETUPS, userStack } from '../user-app';

function acknowledgedIds(scope: IConstruct): string[] {
  return scope.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((m) => Object.keys(m.data as object));
}

describe('ApiGatewayAccountLogging in a user\'s app passes every pack with no acknowledgement written by the app', () => {
  test.each(USER_APP_SETUPS.map((s) => [s.name, s] as const))('%s', (_name, setup) => {
    const stack = userStack(setup);
    const logging = new ApiGatewayAccountLogging(stack, 'Logging');
    expect(findings(stack)).toEqual([]);
    // Exactly the three log-group wildcards, on the policy that holds them.
    const policy = logging.node.findChild('ExecutionLogsPolicy').node.defaultChild!;
    const prefix = setup.env ? 'arn:(aws|<AWS::Partition>):logs:eu-west-1:123456789012' : 'arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>';
    expect(acknowledgedIds(policy)).toEqual(['API-Gateway-Execution-Logs_\\*', '/aws/apigateway/\\*', '\\*'].map((group) =>
      expect.stringMatching(new RegExp(`^Annotation::AwsSolutions-IAM5\\[Resource::${prefix}:log-group:${group}\\]$`))));
    expect(acknowledgedIds(logging.role.node.defaultChild!)).toEqual([]);
  });

  test('the role may write only the log groups API Gateway names, and list log groups', () => {
    const stack = userStack(USER_APP_SETUPS[0]);
    new ApiGatewayAccountLogging(stack, 'Logging');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [
          {
            Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:FilterLogEvents', 'logs:GetLogEvents', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: ['arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/*', 'arn:aws:logs:eu-west-1:123456789012:log-group:API-Gateway-Execution-Logs_*'],
          },
          { Action: 'logs:DescribeLogGroups', Effect: 'Allow', Resource: 'arn:aws:logs:eu-west-1:123456789012:log-group:*' },
        ],
      },
    });
  });
});
