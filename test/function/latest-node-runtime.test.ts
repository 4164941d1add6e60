import * as lambda from 'aws-cdk-lib/aws-lambda';
import { newestNodeRuntime, newestOfFamily, nodeMajorVersion } from '../../lib/function/latest-node-runtime';

/** A runtime table entry as a newer or older aws-cdk-lib could have it, without adding it to `Runtime.ALL`. */
const fake = (name: string, isVariable = false) => ({ name, isVariable, family: lambda.RuntimeFamily.NODEJS }) as lambda.Runtime;

describe('newestOfFamily: what cdk-nag calls the latest version of a family', () => {
  test('a 26 and a 24: 26', () => {
    expect(newestOfFamily(['nodejs24.x', 'nodejs26.x'], 'nodejs')).toBe('nodejs26.x');
  });

  test('versions compare as numbers, not as text; an unversioned name counts as 0', () => {
    expect(newestOfFamily(['nodejs', 'nodejs4.3', 'nodejs8.10', 'nodejs10.x', 'nodejs6.10'], 'nodejs')).toBe('nodejs10.x');
    expect(newestOfFamily(['python3.9', 'python3.14', 'python3.10'], 'python')).toBe('python3.14');
  });

  test('other families are not counted; no runtime of the family: undefined', () => {
    expect(newestOfFamily(['nodejs22.x', 'python3.14', 'java25'], 'nodejs')).toBe('nodejs22.x');
    expect(newestOfFamily(['python3.14'], 'nodejs')).toBeUndefined();
  });
});

describe('newestNodeRuntime', () => {
  test('the newest Node.js runtime of the table', () => {
    expect(newestNodeRuntime([fake('nodejs22.x'), fake('nodejs26.x'), fake('nodejs24.x'), fake('python3.14')]).name).toBe('nodejs26.x');
  });

  test('of two runtimes with the newest name, the fixed one rather than the variable NODEJS_LATEST', () => {
    const fixed = fake('nodejs26.x');
    expect(newestNodeRuntime([fake('nodejs26.x', true), fixed, fake('nodejs24.x')])).toBe(fixed);
  });

  test('a table whose newest Node.js is older than 22 fails with the fix', () => {
    expect(() => newestNodeRuntime([fake('nodejs18.x'), fake('nodejs20.x')]))
      .toThrow(/newest Node\.js runtime this aws-cdk-lib knows is nodejs20\.x, older than Node\.js 22: install a newer aws-cdk-lib/);
  });

  test('with the installed aws-cdk-lib: the highest Node.js version in Runtime.ALL, never below 22', () => {
    const versions = lambda.Runtime.ALL.map(nodeMajorVersion).filter((v): v is number => v !== undefined);
    const runtime = newestNodeRuntime();
    expect(nodeMajorVersion(runtime)).toBe(Math.max(...versions));
    expect(nodeMajorVersion(runtime)).toBeGreaterThanOrEqual(22);
    expect(runtime.isVariable).toBe(false);
    expect(runtime.name).toMatch(/^nodejs\d+\.x$/);
  });
});

test('nodeMajorVersion: the major version of a Node.js runtime, undefined otherwise', () => {
  expect(nodeMajorVersion(lambda.Runtime.NODEJS_22_X)).toBe(22);
  expect(nodeMajorVersion(lambda.Runtime.NODEJS_4_3)).toBe(4);
  expect(nodeMajorVersion(lambda.Runtime.NODEJS)).toBeUndefined();
  expect(nodeMajorVersion(lambda.Runtime.PYTHON_3_13)).toBeUndefined();
});
