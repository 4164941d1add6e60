import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The compiled bin, as `package.json` declares it; `npm test` compiles lib/ with jsii first. */
export const CLI = path.resolve(__dirname, '..', '..', 'dist', 'lib', 'audit', 'cli.js');

export const FIXTURES = path.join(__dirname, 'fixtures');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/lib/audit/cli.js <args>` and returns exit code and output. */
export function runCli(...args: string[]): CliRun {
  if (!fs.existsSync(CLI)) {
    throw new Error(`${CLI} is missing: compile first with \`npx jsii --silence-warnings=reserved-word\` (or run \`npm test\`, which compiles before jest).`);
  }
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf-8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Parses the `--json` report. */
export function runCliJson(...args: string[]): { run: CliRun; report: any } {
  const run = runCli(...args, '--json');
  return { run, report: JSON.parse(run.stdout) };
}
