import * as sns from 'aws-cdk-lib/aws-sns';
import { AlarmTopic, UnusedApiSweeper } from '../../lib';
import { USER_APP_SETUPS, userStack } from '../user-app';
import { findingsAtSynth } from '../user-app-findings';

describe.each(USER_APP_SETUPS)('UnusedApiSweeper in a user\'s app ($name)', (setup) => {
  test.each([false, true])('deletionEnabled %s: no finding of the six packs on its resources', (deletionEnabled) => {
    const stack = userStack(setup);
    new UnusedApiSweeper(stack, 'Sweeper', { deletionEnabled, deletionReason: deletionEnabled ? 'Sandbox account with throw-away APIs' : undefined });
    expect(findingsAtSynth(stack, ['Sweeper'])).toEqual([]);
  });

  test('reporting to an AlarmTopic the app made: no finding on the sweeper (publishing needs kms:GenerateDataKey* on that topic\'s key)', () => {
    const stack = userStack(setup);
    const alerts = new AlarmTopic(stack, 'Alerts');
    new UnusedApiSweeper(stack, 'Sweeper', { topic: alerts.topic });
    expect(findingsAtSynth(stack, ['Sweeper'])).toEqual([]);
  });
});

test('an unencrypted topic of the user\'s gets no key statement, and no acknowledgement of one', () => {
  const stack = userStack(USER_APP_SETUPS[0]);
  const topic = new sns.Topic(stack, 'Plain');
  const sweeper = new UnusedApiSweeper(stack, 'Sweeper', { topic });
  const acknowledged = sweeper.secureFunction.grantsPolicy!.node.metadata
    .filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.keys(m.data as object));
  expect(acknowledged).not.toContain('AwsSolutions-IAM5[Action::kms:GenerateDataKey*]');
});
