import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, runCli } from './run-cli';

const ROOT = path.resolve(__dirname, '..', '..');
/** The bounds every hostile input must be answered within: 10 s and 1 GB, start-up of the CLI included. */
const MAX_SECONDS = 10;
const MAX_RSS_KB = 1024 * 1024;

interface SpawnedRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
  /** Peak resident set size of the CLI's process, in kilobytes (`process.resourceUsage().maxRSS` at exit). */
  readonly peakRssKb: number;
}

let dir: string;
let cli: string;
let rssReporter: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-hostile-'));
  // The CLI as it is now, one file (its dependencies left to node_modules), so the child starts in about a
  // second and the time measured is the CLI's, not a TypeScript compiler's.
  cli = path.join(dir, 'cli.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('esbuild').buildSync({
    entryPoints: [path.join(ROOT, 'lib', 'audit', 'cli.ts')], outfile: cli, bundle: true, platform: 'node', packages: 'external', logLevel: 'warning',
  });
  rssReporter = path.join(dir, 'report-peak-rss.js');
  fs.writeFileSync(rssReporter, "process.on('exit', () => require('fs').writeFileSync(process.env.PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Runs the real CLI in a child process (the sources bundled by esbuild; aws-cdk-lib and cdk-nag from
 * node_modules), timing it and reading its peak memory. The child is killed after 60 s, so a CLI that blocks fails the
 * test instead of hanging it.
 */
function spawnCli(...args: string[]): SpawnedRun {
  const rssFile = path.join(dir, `rss-${process.hrtime.bigint()}`);
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-r', rssReporter, cli, ...args], {
    encoding: 'utf-8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, PEAK_RSS_FILE: rssFile, NODE_PATH: path.join(ROOT, 'node_modules') },
    cwd: ROOT,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.error) throw run.error;
  const peakRssKb = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf-8')) : Number.NaN;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, seconds, peakRssKb };
}

/** Exit 2 within the bounds, and exactly the expected lines on stderr. */
function expectRefused(run: SpawnedRun, lines: RegExp[]) {
  expect({ status: run.status, stderr: run.stderr.trim().split('\n') }).toEqual({ status: 2, stderr: lines.map((l) => expect.stringMatching(l)) });
  expect(run.seconds).toBeLessThan(MAX_SECONDS);
  expect(run.peakRssKb).toBeLessThan(MAX_RSS_KB);
  measured.push(`${run.seconds.toFixed(1)} s, ${Math.round(run.peakRssKb / 1024)} MB: ${run.stderr.trim().split('\n')[0].slice(0, 100)}`);
}

const measured: string[] = [];
afterAll(() => {
  if (process.env.PORTCULLIS_SHOW_MEASURES) process.stdout.write(`${measured.join('\n')}\n`);
});

/**
 * A template of `count` SNS topics, written in pieces (never held whole by the test), padded so that
 * each resource is about `bytesPerResource` long.
 */
function writeHugeTemplate(file: string, format: 'json' | 'yaml', count: number, bytesPerResource: number): number {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, format === 'json' ? '{"AWSTemplateFormatVersion":"2010-09-09","Resources":{\n' : 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n');
    const batch: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = `Topic${i}`;
      const fixed = format === 'json' ? `"${id}":{"Type":"AWS::SNS::Topic","Properties":{"TopicName":""}},\n` : `  ${id}:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: ""\n`;
      const name = `t${i}-`.padEnd(Math.max(1, bytesPerResource - fixed.length), 'x');
      batch.push(format === 'json'
        ? `"${id}":{"Type":"AWS::SNS::Topic","Properties":{"TopicName":"${name}"}}${i === count - 1 ? '' : ','}\n`
        : `  ${id}:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: "${name}"\n`);
      if (batch.length === 10_000) fs.writeSync(fd, batch.splice(0).join(''));
    }
    fs.writeSync(fd, batch.join('') + (format === 'json' ? '}}\n' : ''));
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

describe('hostile input, through the real CLI: one line, exit 2, within 10 s and 1 GB', () => {
  const RESOURCES = 308_405;
  let hugeJson: string;
  let hugeYaml: string;
  beforeAll(() => {
    hugeJson = path.join(dir, 'huge.json');
    hugeYaml = path.join(dir, 'huge.yaml');
    expect(writeHugeTemplate(hugeJson, 'json', RESOURCES, 170)).toBeGreaterThan(50 * 1000 * 1000);
    expect(writeHugeTemplate(hugeYaml, 'yaml', RESOURCES, 170)).toBeGreaterThan(50 * 1000 * 1000);
  });

  test('a 50 MB template is refused by its size, checked before reading, naming the limit and the flag', () => {
    const run = spawnCli('audit', hugeJson, '--json');
    expectRefused(run, [/^cdk-portcullis audit: huge\.json: \d{8} bytes, over the template size limit of 10 MB \(raise it with --max-template-size <MB>\)$/]);
    expect(JSON.parse(run.stdout).notAudited).toEqual([expect.objectContaining({ template: 'huge.json', kind: 'template' })]);
  });

  test.each(['json', 'yaml'])('a 300,000-resource %s template under a raised size limit is refused by its resource count before it is parsed', (format) => {
    const run = spawnCli('audit', format === 'json' ? hugeJson : hugeYaml, '--max-template-size', '100');
    expectRefused(run, [new RegExp(`^cdk-portcullis audit: huge\\.${format}: more than 500 resources, over the resource limit of 500 \\(raise it with --max-resources <n>\\)$`)]);
  });

  test('a FIFO named like a template, given directly or in a folder, is reported at once, never opened for reading', () => {
    const folder = fs.mkdtempSync(path.join(dir, 'fifo-'));
    const fifo = path.join(folder, 'template.yaml');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.error || made.status !== 0) throw new Error(`mkfifo is needed for this test: ${made.error?.message ?? made.stderr}`);
    fs.copyFileSync(path.join(FIXTURES, 'http-api-compliant.json'), path.join(folder, 'api.json'));

    expectRefused(spawnCli('audit', fifo), [/^cdk-portcullis audit: .*template\.yaml: a named pipe \(FIFO\), not a regular file: not read/]);
    const inFolder = spawnCli('audit', folder, '--json');
    expectRefused(inFolder, [/^cdk-portcullis audit: template\.yaml: a named pipe \(FIFO\), not a regular file: not read \(audit a template file\)$/]);
    // The regular template next to it is audited.
    expect(JSON.parse(inFolder.stdout).templates.map((t: any) => t.template)).toEqual(['api.json']);
  });
});

describe('hostile input: other limits and non-regular files', () => {
  function expectOneLine(run: { status: number | null; stderr: string }, line: RegExp) {
    expect({ status: run.status, stderr: run.stderr.trim().split('\n') }).toEqual({ status: 2, stderr: [expect.stringMatching(line)] });
  }

  test('a template nested deeper than the limit: JSON (scanned before parsing) and YAML', () => {
    const json = path.join(dir, 'deep.json');
    fs.writeFileSync(json, `{"Resources":{"T":{"Type":"AWS::SNS::Topic","Metadata":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`);
    expectOneLine(runCli('audit', json), /^cdk-portcullis audit: deep\.json: nested more than 100 levels deep at line 1, over the nesting depth limit of 100 \(raise it with --max-depth <n>\)$/);
    const yaml = path.join(dir, 'deep.yaml');
    fs.writeFileSync(yaml, `Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Metadata: ${'['.repeat(150)}${']'.repeat(150)}\n`);
    expectOneLine(runCli('audit', yaml), /^cdk-portcullis audit: deep\.yaml: nested more than 100 levels deep at line 4, over the nesting depth limit of 100 \(raise it with --max-depth <n>\)$/);
    expect(runCli('audit', yaml, '--max-depth', '200', '--json').status).toBe(0);
    // Block style, 3,000 levels: refused before the parser recurses.
    const block = path.join(dir, 'deep-block.yaml');
    fs.writeFileSync(block, `Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Metadata:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(6 + 2 * i)}k${i}:`).join('\n')} 1\n`);
    expectOneLine(runCli('audit', block), /^cdk-portcullis audit: deep-block\.yaml: nested more than 100 levels deep at line 102, over the nesting depth limit of 100/);
  });

  test('a cloud assembly whose manifest is a FIFO is refused at once', () => {
    const assembly = fs.mkdtempSync(path.join(dir, 'cdk-out-'));
    const made = spawnSync('mkfifo', [path.join(assembly, 'manifest.json')]);
    if (made.error || made.status !== 0) throw new Error(`mkfifo is needed for this test: ${made.error?.message ?? made.stderr}`);
    const run = runCli('audit', assembly);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^cdk-portcullis audit: .*manifest\.json: cannot read the cloud assembly file: a named pipe \(FIFO\), not a regular file: not read/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('a YAML alias bomb is refused, not expanded', () => {
    const file = path.join(dir, 'laughs.yaml');
    const aliases = Array.from({ length: 9 }, (_, i) => `      a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(',')}]`);
    fs.writeFileSync(file, ['Resources:', '  T:', '    Type: AWS::SNS::Topic', '    Metadata:', '      a0: &a0 [x,x,x,x,x,x,x,x,x,x]', ...aliases].join('\n'));
    expectOneLine(runCli('audit', file), /^cdk-portcullis audit: laughs\.yaml: more YAML aliases than the parser expands \(a resource exhaustion attack\?\): not read$/);
  });

  // In a process of its own: a stop at the time limit can leave shared state (a module being loaded) half-built, so
  // the process that stopped work audits nothing more, and the tests after this one run in-process.
  test('a template that takes longer than --timeout is stopped and named', () => {
    const run = spawnCli('audit', path.join(FIXTURES, 'rest-api-insecure.yaml'), '--timeout', '0.01');
    expectOneLine(run, /^cdk-portcullis audit: rest-api-insecure\.yaml: (reading|auditing) the template took more than 0\.01 s, over the time limit of 0\.01 s \(raise it with --timeout <seconds>\)$/);
  });

  test('after a template is stopped at --timeout, no other template is audited in that process, each named', () => {
    const folder = fs.mkdtempSync(path.join(dir, 'timeout-'));
    for (const name of ['a.yaml', 'b.yaml', 'c.yaml']) fs.copyFileSync(path.join(FIXTURES, 'rest-api-insecure.yaml'), path.join(folder, name));
    const run = spawnCli('audit', folder, '--timeout', '0.01');
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n').filter((l) => !l.startsWith('cdk-portcullis audit: not audited:'));
    // Which one is stopped depends on the machine's speed; exactly one is, and the other two name it.
    const stopped = lines.filter((l) => / took more than 0\.01 s, /.test(l));
    expect(stopped).toHaveLength(1);
    const name = /^cdk-portcullis audit: ([abc]\.yaml): /.exec(stopped[0])![1];
    const others = lines.filter((l) => l !== stopped[0]);
    expect(others).toHaveLength(2);
    for (const line of others) {
      expect(line).toMatch(new RegExp(`^cdk-portcullis audit: [abc]\\.yaml: (reading|auditing) the template was not started: work on ${name.replace('.', '\\.')} was stopped at the time limit, which can leave shared state half-built, so this process audits nothing more \\(audit it in a run of its own\\), over the time limit of 0\\.01 s`));
    }
  });

  test('a path that is a device, a socket, or a directory named like a template', () => {
    if (fs.existsSync('/dev/zero')) {
      expect(runCli('audit', '/dev/zero')).toEqual({ status: 2, stdout: '', stderr: 'cdk-portcullis audit: /dev/zero: a character device, not a regular file: not read (audit a template file)\n' });
    }
    const folder = fs.mkdtempSync(path.join(dir, 'kinds-'));
    fs.mkdirSync(path.join(folder, 'folder.template'));
    fs.copyFileSync(path.join(FIXTURES, 'http-api-compliant.json'), path.join(folder, 'api.json'));
    const server = net.createServer();
    return new Promise<void>((resolve, reject) => {
      server.listen(path.join(folder, 'socket.json'), () => {
        try {
          const run = runCli('audit', folder);
          expect(run.status).toBe(2);
          expect(run.stderr.trim().split('\n')).toEqual([
            'cdk-portcullis audit: folder.template: a directory, not a regular file: not read (audit a template file)',
            'cdk-portcullis audit: socket.json: a socket, not a regular file: not read (audit a template file)',
          ]);
          expect(run.stdout).toContain('api.json');
          resolve();
        } catch (e) {
          reject(e);
        } finally {
          server.close();
        }
      });
    });
  });

  test('symlinks in a folder: followed to regular files inside it; loops, dangling links and escapes reported', () => {
    const folder = fs.mkdtempSync(path.join(dir, 'links-'));
    fs.mkdirSync(path.join(folder, 'real'));
    fs.copyFileSync(path.join(FIXTURES, 'http-api-compliant.json'), path.join(folder, 'real', 'api.json'));
    fs.symlinkSync(path.join('real', 'api.json'), path.join(folder, 'linked.json'));
    fs.symlinkSync('loop-b.yaml', path.join(folder, 'loop-a.yaml'));
    fs.symlinkSync('loop-a.yaml', path.join(folder, 'loop-b.yaml'));
    fs.symlinkSync('missing.json', path.join(folder, 'dangling.json'));
    fs.symlinkSync(path.join(FIXTURES, 'rest-api-insecure.yaml'), path.join(folder, 'outside.yaml'));

    const run = runCli('audit', folder, '--json');
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout).templates.map((t: any) => t.template)).toEqual(['linked.json']);
    expect(run.stderr.trim().split('\n')).toEqual([
      'cdk-portcullis audit: dangling.json: a symlink to a missing file: not followed',
      'cdk-portcullis audit: loop-a.yaml: a symlink loop: not followed',
      'cdk-portcullis audit: loop-b.yaml: a symlink loop: not followed',
      expect.stringMatching(/^cdk-portcullis audit: outside\.yaml: a symlink to .*rest-api-insecure\.yaml, outside the audited folder .*: not followed \(audit that file directly, or link it from inside the folder\)$/),
    ]);
  });

  test('nested stacks in a cycle, or nested deeper than --max-nested-stack-depth, are refused', () => {
    const folder = fs.mkdtempSync(path.join(dir, 'nesting-'));
    const stack = (child: string) => ({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: `./${child}` } } } });
    fs.writeFileSync(path.join(folder, 'a.json'), JSON.stringify(stack('b.json')));
    fs.writeFileSync(path.join(folder, 'b.json'), JSON.stringify(stack('a.json')));
    const cycle = runCli('audit', folder);
    expect(cycle.stderr.trim().split('\n')).toEqual([
      'cdk-portcullis audit: a.json: in a cycle of nested stacks (a.json → b.json → a.json), which CloudFormation cannot create: not audited',
      'cdk-portcullis audit: b.json: in a cycle of nested stacks (b.json → a.json → b.json), which CloudFormation cannot create: not audited',
    ]);
    expect(cycle.status).toBe(2);

    fs.writeFileSync(path.join(folder, 'b.json'), JSON.stringify(stack('c.json')));
    fs.writeFileSync(path.join(folder, 'c.json'), JSON.stringify({ Resources: { Topic: { Type: 'AWS::SNS::Topic' } } }));
    expect(runCli('audit', folder, '--max-nested-stack-depth', '2').status).toBe(0);
    expectOneLine(runCli('audit', folder, '--max-nested-stack-depth', '1'),
      /^cdk-portcullis audit: c\.json: nested 2 stacks deep \(a\.json → b\.json → c\.json\), over the nested-stack depth limit of 1 \(raise it with --max-nested-stack-depth <n>\)$/);
  });

  test('a limit flag needs a positive number', () => {
    const file = path.join(FIXTURES, 'http-api-compliant.json');
    expect(runCli('audit', file, '--max-resources', 'many')).toEqual({ status: 2, stdout: '', stderr: "cdk-portcullis audit: --max-resources: expected a positive number, got 'many'\n" });
    expect(runCli('audit', file, '--max-depth', '2.5').stderr).toBe("cdk-portcullis audit: --max-depth: expected a whole number, got '2.5'\n");
    expect(runCli('--help').stdout).toMatch(/--max-template-size <MB>[\s\S]*--max-resources <n>[\s\S]*--max-depth <n>[\s\S]*--max-nested-stack-depth <n>[\s\S]*--timeout <seconds>/);
  });
});
