import { UnusedApiSweeper } from '../../lib';
import { USER_APP_SETUPS, userStack } from '../user-app';
import { findingsAtSynth } from '../user-app-findings';

describe.each(USER_APP_SETUPS)('UnusedApiSweeper in a user\'s app ($name)', (setup) => {
  test.each([false, true])('deletionEnabled %s: no finding of the six packs on its resources', (deletionEnabled) => {
    const stack = userStack(setup);
    new UnusedApiSweeper(stack, 'Sweeper', { deletionEnabled });
    expect(findingsAtSynth(stack, ['Sweeper'])).toEqual([]);
  });
});
