import { App, CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { finding, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-AcknowledgementScope';
const REASON = 'Public health check for the load balancer';

function quietStack(scope: Construct): Stack {
  const stack = new Stack(scope, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
  new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic' });
  return stack;
}

describe('AcknowledgementScope', () => {
  test('an acknowledgement on the App, which the cloud assembly does not record, is reported on the App', () => {
    const app = new App();
    const stack = quietStack(app);
    Validations.of(app).acknowledge({ id: 'Portcullis-RouteAuthorization', reason: REASON });

    expect(portcullisFindings(stack)).toEqual([finding(`${RULE}[Portcullis-RouteAuthorization]`, '')]);
  });

  test('an acknowledgement on a Stage is reported on the Stage', () => {
    const stage = new Stage(new App(), 'Prod');
    const stack = quietStack(stage);
    Validations.of(stage).acknowledge({ id: 'AwsSolutions-APIG4', reason: REASON });

    expect(portcullisFindings(stack)).toEqual([finding(`${RULE}[AwsSolutions-APIG4]`, 'Prod')]);
  });

  test('acknowledgements on a stack or a construct within one pass', () => {
    const stack = quietStack(new App());
    Validations.of(stack).acknowledge({ id: 'Portcullis-RestWaf', reason: REASON });
    Validations.of(stack.node.findChild('Topic')).acknowledge({ id: 'Portcullis-AccessLogs', reason: REASON });

    expect(portcullisFindings(stack)).toEqual([]);
  });
});
