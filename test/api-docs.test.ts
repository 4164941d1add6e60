import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

// API.md is the user documentation generated from the doc comments; it must match the code.
test('API.md is generated from the current doc comments (run `npx projen docgen` when this fails)', () => {
  if (!fs.existsSync(path.join(ROOT, '.jsii'))) throw new Error('no .jsii assembly: run `npm test` (it compiles first) or `npx projen compile`');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apidoc-')), 'API.md');
  const run = spawnSync(process.execPath, [require.resolve('jsii-docgen/bin/jsii-docgen'), '-o', out], { cwd: ROOT, encoding: 'utf8' });
  expect(run.status).toBe(0);
  expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'API.md'), 'utf8'));
});
