import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, runCli } from './run-cli';

/** The bin as `package.json` declares it; `npm test` compiles lib/ with jsii before jest. */
const BIN = path.resolve(__dirname, '..', '..', 'dist', 'lib', 'audit', 'cli.js');

// Every other audit test drives main() in-process; this one checks the published entry point.
test('the compiled bin runs and prints what main() prints (compile with `npx projen compile` when this fails)', () => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm test\` (it compiles first) or \`npx projen compile\`.`);
  const args = ['audit', path.join(FIXTURES, 'rest-api-insecure.yaml'), '--json'];
  const compiled = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf-8', timeout: 60_000 });
  if (compiled.error) throw compiled.error;
  const inProcess = runCli(...args);

  expect({ status: compiled.status, stderr: compiled.stderr }).toEqual({ status: 1, stderr: '' });
  expect(JSON.parse(compiled.stdout)).toEqual(JSON.parse(inProcess.stdout));
});
