import { GatewayConfigRecorder } from '../../lib';
import { USER_APP_SETUPS, userStack } from '../user-app';
import { findingsAtSynth } from '../user-app-findings';

test.each(USER_APP_SETUPS)('GatewayConfigRecorder in a user\'s app ($name): no finding of the six packs on its resources', (setup) => {
  const stack = userStack(setup);
  new GatewayConfigRecorder(stack, 'Recorder');
  expect(findingsAtSynth(stack, ['Recorder'])).toEqual([]);
});
