import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { checkRemovalWeakening, RemovalNaming, removalNamingOf, withRemovalNaming } from '../../lib/common/removal-weakening';
import { errorOf } from '../error-message';

/**
 * Removal policies as weakenings, called directly: a policy that may delete what the default keeps
 * needs a reason, a policy that keeps it needs none (and takes none). test/common/weakenings.test.ts
 * shows the same through the constructs.
 */

const REASON = 'Development stack, rebuilt every night';

function naming(): RemovalNaming {
  return { scope: new Construct(new Stack(new App(), 'Stack'), 'Logs'), policyProp: 'logRemovalPolicy', reasonProp: 'logRemovalReason' };
}


describe('checkRemovalWeakening', () => {
  test.each([
    ['no policy (the default keeps)', undefined],
    ['RETAIN', RemovalPolicy.RETAIN],
    ['RETAIN_ON_UPDATE_OR_DELETE', RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE],
  ])('%s is no weakening: no reason needed', (_, policy) => {
    expect(checkRemovalWeakening(naming(), policy, undefined, 'the logs are deleted')).toBeUndefined();
  });

  test.each([
    ['no policy (the default keeps)', undefined],
    ['RETAIN', RemovalPolicy.RETAIN],
    ['RETAIN_ON_UPDATE_OR_DELETE', RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE],
  ])('%s with a reason: the reason is refused, naming both props', (_, policy) => {
    expect(errorOf(() => checkRemovalWeakening(naming(), policy, REASON, 'the logs are deleted'))).toBe(
      `[Stack/Logs] prop 'logRemovalReason' = "${REASON}": nothing is weakened: it is the reason for logRemovalPolicy: RemovalPolicy.DESTROY or SNAPSHOT, `
      + 'which is not set. Fix: remove logRemovalReason, or set logRemovalPolicy: RemovalPolicy.DESTROY or SNAPSHOT');
  });

  test.each([RemovalPolicy.DESTROY, RemovalPolicy.SNAPSHOT])('%s with a reason is the weakening to record', (policy) => {
    expect(checkRemovalWeakening(naming(), policy, REASON, 'the logs are deleted')).toEqual({
      setting: `logRemovalPolicy: ${policy}`,
      reasonProp: 'logRemovalReason',
      consequence: 'the logs are deleted',
      rules: [],
    });
  });

  test.each([RemovalPolicy.DESTROY, RemovalPolicy.SNAPSHOT])('%s without a reason is refused, with an example reason', (policy) => {
    expect(errorOf(() => checkRemovalWeakening(naming(), policy, undefined, 'the logs are deleted'))).toBe(
      `[Stack/Logs] prop 'logRemovalReason' = undefined: logRemovalPolicy: ${policy} turns a default security measure down (the logs are deleted) `
      + 'and needs a reason: no reason is given. '
      + "Fix: give logRemovalReason saying why, e.g. logRemovalReason: 'development stack, torn down every night', or leave the default");
  });
});

describe('withRemovalNaming', () => {
  test('marks the props object with the naming, and returns the same object', () => {
    const props = { removalPolicy: RemovalPolicy.DESTROY };
    const n = naming();
    expect(withRemovalNaming(props, n)).toBe(props);
    expect(removalNamingOf(props)).toBe(n);
  });

  test('props not marked, or a copy of marked ones, have no naming', () => {
    const props = withRemovalNaming({ removalPolicy: RemovalPolicy.DESTROY }, naming());
    expect(removalNamingOf({ ...props })).toBeUndefined();
    expect(removalNamingOf({})).toBeUndefined();
  });
});
