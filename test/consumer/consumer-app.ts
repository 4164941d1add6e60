import { execFileSync, ExecFileSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The consumer test's machinery: the package built the way "Use it in your app" says, a scratch
 * app set up the way `cdk init app --language typescript` sets one up, and its synth with the packs.
 */

const ROOT = path.join(__dirname, '..', '..');
const APP_SOURCE = path.join(__dirname, 'app');

/** One pack finding: the rule (with its granular detail), its severity and the construct it is on. */
export interface ConsumerFinding {
  readonly rule: string;
  readonly severity: string;
  readonly constructPath: string;
}

/** What one synth of the scratch app produced. */
export interface ConsumerSynth {
  readonly exitCode: number;
  readonly output: string;
  readonly findings: ConsumerFinding[];
  readonly templates: Record<string, { Resources: Record<string, { Type: string; Properties?: any }> }>;
}

function run(command: string, args: string[], options: ExecFileSyncOptions & { cwd: string }): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: 'pipe', maxBuffer: 64 * 1024 * 1024, ...options }) as string;
}

/** npm's registry, asked a few times: one slow answer should not fail the suite. */
function npmRetrying(args: string[], cwd: string): string {
  let last: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return run('npm', args, { cwd, timeout: 240_000 });
    } catch (error) {
      last = error;
    }
  }
  throw new Error(`npm ${args.join(' ')} failed three times: ${String((last as { stderr?: string }).stderr ?? last)}`);
}

/**
 * Builds the npm tarball with the README's own command on a copy of this working tree (so the test
 * neither needs nor disturbs this checkout's dist/), and returns its path.
 */
export function packTarball(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const command = /^npm ci && (npx projen package:js)\b.*$/m.exec(readme);
  if (!command) {
    throw new Error('README.md no longer shows `npm ci && npx projen package:js` under "Use it in your app"; update the consumer test with it');
  }
  const tarballInReadme = /npm install \/path\/to\/cdk-portcullis\/(\S+\.tgz)/.exec(readme)?.[1];
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-pack-'));
  const skip = new Set(['node_modules', 'dist', 'cdk.out', '.git', 'coverage', 'test-reports', '.scratch']);
  for (const entry of fs.readdirSync(ROOT)) {
    if (!skip.has(entry)) {
      fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
    }
  }
  // `npm ci` has already run here; the copy shares its node_modules.
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  run('npx', command[1].split(' ').slice(1), { cwd: copy, timeout: 300_000 });
  const tarball = path.join(copy, tarballInReadme ?? '');
  if (!tarballInReadme || !fs.existsSync(tarball)) {
    throw new Error(`README.md names ${tarballInReadme}, but the build wrote: ${listTarballs(path.join(copy, 'dist'))}`);
  }
  return tarball;
}

function listTarballs(dir: string): string {
  return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.tgz')).join(', ') : 'nothing';
}

/** The lowest aws-cdk-lib of our peer range (`^2.276.0` → 2.276.0). */
export function lowestAwsCdkLib(): string {
  const range: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).peerDependencies['aws-cdk-lib'];
  const match = /^\^(\d+\.\d+\.\d+)$/.exec(range);
  if (!match) {
    throw new Error(`the consumer test reads a caret range for aws-cdk-lib's peer dependency, found ${range}`);
  }
  return match[1];
}

/** The newest aws-cdk-lib on the npm registry, now. */
export function newestAwsCdkLib(): string {
  return npmRetrying(['view', 'aws-cdk-lib', 'version'], os.tmpdir()).trim();
}

/** The aws-cdk CLI this repository pins (what the lowest configuration runs with). */
export function pinnedCdkCli(): string {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'aws-cdk', 'package.json'), 'utf8')).version;
}

/**
 * A scratch CDK app as `cdk init app --language typescript` lays it out, with the tarball, the given
 * aws-cdk-lib and CLI installed, and cdk.json holding every flag of the installed aws-cdk-lib's
 * `CURRENTLY_RECOMMENDED_FLAGS` (what `cdk init` writes). Returns its directory.
 */
export function scratchApp(tarball: string, awsCdkLib: string, cdkCli: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `portcullis-consumer-${awsCdkLib}-`));
  fs.cpSync(APP_SOURCE, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'orders-app', version: '0.1.0', private: true, bin: { 'orders-app': 'bin/app.js' },
  }, undefined, 2));
  npmRetrying(['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error',
    tarball, `aws-cdk-lib@${awsCdkLib}`, 'constructs@^10', 'cdk-nag@^3', `aws-cdk@${cdkCli}`], dir);
  const flags = run('node', ['-p', 'JSON.stringify(require("aws-cdk-lib/cx-api").CURRENTLY_RECOMMENDED_FLAGS)'], { cwd: dir });
  fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ app: 'node bin/app.js', context: JSON.parse(flags) }, undefined, 2));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'commonjs',
      lib: ['es2022'],
      strict: true,
      noImplicitReturns: true,
      noUnusedLocals: true,
      noFallthroughCasesInSwitch: true,
      skipLibCheck: true,
      types: [],
    },
    include: ['bin/**/*.ts', 'lib/**/*.ts'],
  }, undefined, 2));
  // Type-checked against the package's own .d.ts files, as the user's editor and build would.
  run('node', [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir, timeout: 120_000 });
  return dir;
}

/** `npx cdk synth -q` in the scratch app, as its user runs it: cdk.json's flags, the cdk-nag packs as validation plugins. */
export function cdkSynth(dir: string): ConsumerSynth {
  return synth(dir, path.join(dir, 'cdk.out'), () => run(path.join(dir, 'node_modules', '.bin', 'cdk'), ['synth', '-q'], { cwd: dir, timeout: 300_000 }));
}

/** The app run in-process with no cdk.json context, the way a jest test synthesizes it. */
export function plainSynth(dir: string): ConsumerSynth {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-consumer-plain-'));
  const env: NodeJS.ProcessEnv = { ...process.env, CDK_OUTDIR: outdir };
  delete env.CDK_CONTEXT_JSON;
  return synth(dir, outdir, () => run('node', ['bin/app.js'], { cwd: dir, env, timeout: 300_000 }));
}

function synth(dir: string, outdir: string, go: () => string): ConsumerSynth {
  let exitCode = 0;
  let output: string;
  try {
    output = go();
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    exitCode = failed.status ?? 1;
    output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
  const reportFile = path.join(outdir, 'validation-report.json');
  const findings: ConsumerFinding[] = fs.existsSync(reportFile)
    ? JSON.parse(fs.readFileSync(reportFile, 'utf8')).pluginReports.flatMap((report: any) => (report.violations ?? []).flatMap((v: any) =>
      (v.violatingConstructs ?? []).map((c: any) => ({ rule: v.ruleName, severity: v.severity, constructPath: c.constructPath }))))
    : [];
  const templates = Object.fromEntries(fs.readdirSync(outdir).filter((f) => f.endsWith('.template.json'))
    .map((f) => [f.replace(/\.template\.json$/, ''), JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8'))]));
  return { exitCode, output: `${output}\n(app in ${dir})`, findings, templates };
}

/** The app's own source files, to prove it writes no acknowledgement of its own. */
export function appSources(): Record<string, string> {
  const files = fs.readdirSync(APP_SOURCE, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
  return Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(APP_SOURCE, f), 'utf8')]));
}

/**
 * The README's inventory recipe (the ```ts block that calls `ApiInventory.fromStack`), run as the
 * user's jest test in the scratch app, twice: the first run writes its snapshot, the second must
 * match it, as on a user's second `npm test`. Returns what the second run printed.
 */
export function runReadmeRecipe(dir: string): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const recipe = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((block) => block.includes('ApiInventory.fromStack('));
  if (!recipe) {
    throw new Error('README.md has no ```ts block calling ApiInventory.fromStack; the consumer test runs that recipe');
  }
  fs.mkdirSync(path.join(dir, 'test'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'test', 'inventory.test.ts'), recipe);
  fs.writeFileSync(path.join(dir, 'tsconfig.test.json'), JSON.stringify({
    extends: './tsconfig.json',
    compilerOptions: { types: ['jest'], typeRoots: [path.join(ROOT, 'node_modules', '@types')] },
    include: ['test/**/*.ts'],
  }, undefined, 2));
  run('node', [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.test.json'], { cwd: dir, timeout: 120_000 });
  const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  const config = JSON.stringify({ rootDir: dir, testMatch: ['<rootDir>/test/**/*.test.js'], testEnvironment: 'node' });
  run('node', [jest, '--config', config, '--ci=false'], { cwd: dir, timeout: 300_000 });
  return run('node', [jest, '--config', config, '--ci'], { cwd: dir, timeout: 300_000 });
}
