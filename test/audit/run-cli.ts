import * as path from 'path';
import { main } from '../../lib/audit/cli';

export const FIXTURES = path.join(__dirname, 'fixtures');

export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `cdk-portcullis <args>` in-process through the CLI's `main()`, on the TypeScript sources
 * (so a bare `npx jest` tests the code as it is, not a stale compile), capturing its output.
 */
export function runCli(...args: string[]): CliRun {
  let stdout = '';
  let stderr = '';
  const status = main(args, {
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
  });
  return { status, stdout, stderr };
}

/** Parses the `--json` report. */
export function runCliJson(...args: string[]): { run: CliRun; report: any } {
  const run = runCli(...args, '--json');
  return { run, report: JSON.parse(run.stdout) };
}
