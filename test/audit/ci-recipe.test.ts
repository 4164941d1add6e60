import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { githubCodeScanningProblems } from './sarif-validation';

const ROOT = path.join(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');

/** The section of the README with the CI recipe. */
function recipeSection(): string {
  const start = README.indexOf('### In CI: SARIF for code scanning');
  expect(start).toBeGreaterThan(-1);
  return README.slice(start, README.indexOf('\n### ', start + 1));
}

/** The `run:` commands of the README's workflow, in order, and the step that uploads. */
function workflow(): { runs: string[]; upload: string } {
  const yaml = /```yaml\n([\s\S]*?)```/.exec(recipeSection())![1];
  const runs = [...yaml.matchAll(/^ {6}- run: (.*)$/gm)].map((m) => m[1]);
  const upload = /uses: (github\/codeql-action\/upload-sarif@\S+)\n\s+with:\n\s+sarif_file: (\S+)/.exec(yaml);
  expect(upload).not.toBeNull();
  return { runs, upload: upload![2] };
}

/**
 * A project directory for the showcase app, as a user's checkout: its `cdk.json` runs bin/showcase.ts and its
 * `node_modules` is this repository's. `cdk-portcullis` is this checkout's CLI (its TypeScript sources, as the other
 * audit tests run them), on the PATH as the package's bin would be.
 */
function userProject(): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-ci-recipe-'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({
    app: `npx ts-node --transpile-only --project ${path.join(ROOT, 'tsconfig.dev.json')} ${path.join(ROOT, 'bin', 'showcase.ts')}`,
    notices: false,
  }));
  const bin = path.join(dir, '.bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'cdk-portcullis'), [
    '#!/bin/sh',
    `TS_NODE_PROJECT='${path.join(ROOT, 'tsconfig.dev.json')}' TS_NODE_TRANSPILE_ONLY=true exec '${process.execPath}' -r ts-node/register '${path.join(ROOT, 'lib', 'audit', 'cli.ts')}' "$@"`,
    '',
  ].join('\n'), { mode: 0o755 });
  return {
    dir,
    env: {
      ...process.env,
      PATH: `${bin}:${path.join(dir, 'node_modules', '.bin')}:${process.env.PATH}`,
      NODE_PATH: path.join(ROOT, 'node_modules'),
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      CI: 'true',
    },
  };
}

/** Runs a command line of the recipe, exactly as written, in bash; `npx <bin>` runs the bin on the PATH. */
function sh(command: string, project: { dir: string; env: NodeJS.ProcessEnv }) {
  const run = spawnSync('bash', ['-c', `set -o pipefail\nnpx() { "$@"; }\n${command}`], {
    cwd: project.dir, env: project.env, encoding: 'utf-8', timeout: 300_000,
  });
  if (run.error) throw run.error;
  return run;
}

test('the README\'s CI recipe, run as written on the showcase (but the upload): synth, adopt with a baseline, audit to SARIF', () => {
  const { runs, upload } = workflow();
  expect(runs).toEqual([
    'npm ci',
    'npx cdk synth --quiet',
    'npx cdk-portcullis audit cdk.out --format sarif --baseline .portcullis-baseline.json > portcullis.sarif',
  ]);
  const adopt = /`(npx cdk synth --quiet && npx cdk-portcullis audit cdk\.out --write-baseline \.portcullis-baseline\.json)`/.exec(recipeSection());
  expect(adopt).not.toBeNull();
  const project = userProject();
  try {
    // `npm ci` installs the project's dependencies: here they are this repository's node_modules.
    const adopted = sh(adopt![1], project);
    expect({ status: adopted.status, stderr: adopted.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    const baseline = JSON.parse(fs.readFileSync(path.join(project.dir, '.portcullis-baseline.json'), 'utf-8'));
    // The showcase audits clean: an empty baseline.
    expect(baseline.entries).toEqual([]);

    for (const command of runs.slice(1)) {
      const run = sh(command, project);
      expect({ command, status: run.status }).toEqual({ command, status: 0 });
    }
    const sarif = JSON.parse(fs.readFileSync(path.join(project.dir, upload), 'utf-8'));
    expect(githubCodeScanningProblems(sarif)).toEqual([]);
    expect(sarif.runs[0].results).toEqual([]);
    expect(sarif.runs[0].properties.baseline).toEqual({ file: '.portcullis-baseline.json', baselined: 0, new: 0, stale: [] });

    // The npm-script variant, as written, with the bins on the PATH as npm puts them.
    const script = JSON.parse(/```json\n([\s\S]*?)```/.exec(recipeSection())![1]).scripts['audit:security'];
    const local = sh(script, project);
    expect(local.status).toBe(0);
    expect(local.stdout).toContain('— passes (exit code 0)');
    expect(local.stdout).toContain('- **Baseline:** `.portcullis-baseline.json`: 0 findings baselined (reported, not failing), 0 new; every baseline entry still occurs');
  } finally {
    fs.rmSync(project.dir, { recursive: true, force: true });
  }
  // Three synths of the showcase (every pack runs at synth) by the CDK CLI: minutes on a busy machine.
}, 600_000);
