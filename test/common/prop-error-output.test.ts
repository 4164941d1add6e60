import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspect } from 'util';
import { Stack } from 'aws-cdk-lib';
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { SecureHttpApi } from '../../lib';
import { PropError, PropErrors } from '../../lib/common/validation';
import { newFunction } from '../stack-fixtures';

const LIB = path.resolve(__dirname, '..', '..', 'lib') + path.sep;

function thrown(act: () => unknown): Error {
  try {
    act();
  } catch (e) {
    return e as Error;
  }
  throw new Error('nothing was thrown');
}

/** How many times `needle` occurs in `text`. */
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('a construct-time error prints once, pointing at the user\'s code (issue 23)', () => {
  test('one problem: the message once, no frame inside the package, the user\'s call kept', () => {
    const stack = new Stack();
    const api = new SecureHttpApi(stack, 'Api');
    const error = thrown(() => api.addRoutes({ path: '/a', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn') }));
    expect(error).toBeInstanceOf(PropError);
    const printed = inspect(error);
    expect(count(printed, 'the route has no authorizer')).toBe(1);
    expect(printed).not.toContain(LIB);
    expect(error.stack).toMatch(/^PropError: \[Default\/Api\] prop 'routes\[GET \/a\]\.authorization'/);
    expect(error.stack).toContain(__filename);
    expect((error as PropError).detail).toMatch(/^prop 'routes\[GET \/a\]\.authorization'/);
  });

  test('several problems of one call: one PropErrors, each message once', () => {
    const stack = new Stack();
    const api = new SecureHttpApi(stack, 'Api');
    const error = thrown(() => api.addRoutes({ path: '/a', methods: [HttpMethod.GET], handler: newFunction(stack, 'Fn'), throttle: { rateLimit: -1, burstLimit: 1 } }));
    expect(error).toBeInstanceOf(PropErrors);
    const printed = inspect(error);
    expect(printed).toMatch(/^PropErrors: 2 problems:/);
    expect(count(printed, 'throttle.rateLimit\' = -1')).toBe(1);
    expect(printed).not.toContain(LIB);
  });

  test('as an uncaught error in an app run by ts-node (what `cdk synth` runs): printed once, the arrow on the user\'s line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-uncaught-'));
    const app = path.join(dir, 'app.ts');
    fs.writeFileSync(app, [
      "import { App, Stack } from 'aws-cdk-lib';",
      "import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';",
      `import { SecureHttpApi } from ${JSON.stringify(path.resolve(__dirname, '..', '..', 'lib'))};`,
      'const stack = new Stack(new App(), \'S\');',
      "new SecureHttpApi(stack, 'Api').addRoutes({ path: '/a', methods: [HttpMethod.GET], integration: {} as any });",
    ].join('\n'));
    try {
      const tsNode = path.resolve(__dirname, '..', '..', 'node_modules', 'ts-node', 'dist', 'bin.js');
      const result = spawnSync(process.execPath, [tsNode, '--transpile-only', '--project', path.resolve(__dirname, '..', '..', 'tsconfig.dev.json'), app],
        { encoding: 'utf8', cwd: path.resolve(__dirname, '..', '..'), env: { ...process.env, NODE_PATH: path.resolve(__dirname, '..', '..', 'node_modules') } });
      expect(result.status).not.toBe(0);
      expect(count(result.stderr, 'the route has no authorizer')).toBe(1);
      expect(result.stderr).not.toContain(LIB);
      expect(result.stderr).toContain(`${app}:5`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
