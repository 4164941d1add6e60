/**
 * Scale past one stack: N Lambda routes (HTTP) or methods (REST) behind an authorizer, with and without
 * route stacks, beside aws-cdk-lib hand-tuned. Each measurement runs in a fresh Node process (one warm-up
 * synth of a small app first), so its peak memory is its own. Run alone with
 * `npx ts-node --transpile-only --project tsconfig.dev.json bench/route-stacks.ts`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { App } from 'aws-cdk-lib';
import { appWith, PLAIN_TUNED, PORTCULLIS, PORTCULLIS_ROUTE_STACKS } from './http-api-variants';
import { REST_PLAIN_TUNED, REST_PORTCULLIS, REST_PORTCULLIS_ROUTE_STACKS, restAppWith } from './rest-api-variants';

/** The variants, by a short key a child process is started with. */
const BUILDERS: Record<string, { name: string; app: (n: number, outdir: string) => App }> = {
  'http-plain-tuned': { name: PLAIN_TUNED.name, app: (n, o) => appWith(PLAIN_TUNED, n, o) },
  'http-portcullis': { name: PORTCULLIS.name, app: (n, o) => appWith(PORTCULLIS, n, o) },
  'http-route-stacks': { name: PORTCULLIS_ROUTE_STACKS.name, app: (n, o) => appWith(PORTCULLIS_ROUTE_STACKS, n, o) },
  'rest-plain-tuned': { name: REST_PLAIN_TUNED.name, app: (n, o) => restAppWith(REST_PLAIN_TUNED, n, o) },
  'rest-portcullis': { name: REST_PORTCULLIS.name, app: (n, o) => restAppWith(REST_PORTCULLIS, n, o) },
  'rest-route-stacks': { name: REST_PORTCULLIS_ROUTE_STACKS.name, app: (n, o) => restAppWith(REST_PORTCULLIS_ROUTE_STACKS, n, o) },
};

/** One measurement: what synthesized, or why it failed. */
export interface ScaleMeasurement {
  readonly variant: string;
  readonly routes: number;
  readonly error?: string;
  /** Resources in the parent and every nested stack. */
  readonly totalResources?: number;
  /** Resources of the largest stack (parent or nested). */
  readonly largestStack?: number;
  readonly nestedStacks?: number;
  /** Build and synth of the app: median wall time of the rounds. */
  readonly synthMs?: number;
  /** The same, in CPU time of the process (less sensitive to other load on a shared machine). */
  readonly synthCpuMs?: number;
  /** JS heap in use right after the synth, the app still referenced. */
  readonly heapAfterSynthMb?: number;
  /** Peak resident memory of the process, module loading included (the largest size runs last). */
  readonly maxRssMb?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Builds and synthesizes one variant at each size in this process: a warm-up synth at the first size,
 * then `rounds` rounds that synthesize every size once, so load on the machine falls on all sizes alike.
 */
function measureHere(key: string, sizes: number[], rounds: number): ScaleMeasurement[] {
  const builder = BUILDERS[key];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-scale-'));
  const wall = sizes.map(() => [] as number[]);
  const cpu = sizes.map(() => [] as number[]);
  const out: ScaleMeasurement[] = sizes.map((routes) => ({ variant: builder.name, routes }));
  try {
    try {
      builder.app(sizes[0], path.join(tmp, 'warm')).synth();
    } catch {
      // A failing size is reported below.
    }
    for (let round = 0; round < rounds; round++) {
      sizes.forEach((routes, i) => {
        if (out[i].error) return;
        const startCpu = process.cpuUsage();
        const start = performance.now();
        let assembly;
        try {
          assembly = builder.app(routes, path.join(tmp, `run-${i}-${round}`)).synth();
        } catch (e) {
          const message = String((e as Error).message);
          const tooMany = /Number of resources in stack '[^']+': (\d+) is greater than allowed maximum of (\d+)/.exec(message);
          out[i] = { ...out[i], error: tooMany ? `${tooMany[1]} resources in one stack > ${tooMany[2]} (TooManyResourcesInStack)` : message.split('\n')[0].slice(0, 160) };
          return;
        }
        wall[i].push(performance.now() - start);
        const used = process.cpuUsage(startCpu);
        cpu[i].push((used.user + used.system) / 1000);
        const heap = process.memoryUsage().heapUsed / 1024 / 1024;
        const counts = [Object.keys(assembly.getStackByName('Bench').template.Resources).length];
        for (const file of fs.readdirSync(assembly.directory).filter((f) => f.endsWith('.nested.template.json'))) {
          counts.push(Object.keys(JSON.parse(fs.readFileSync(path.join(assembly.directory, file), 'utf-8')).Resources).length);
        }
        out[i] = {
          ...out[i],
          totalResources: counts.reduce((a, b) => a + b, 0),
          largestStack: Math.max(...counts),
          nestedStacks: counts.length - 1,
          heapAfterSynthMb: Math.max(heap, out[i].heapAfterSynthMb ?? 0),
        };
        fs.rmSync(path.join(tmp, `run-${i}-${round}`), { recursive: true, force: true });
      });
    }
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    return out.map((m, i) => (m.error ? m : { ...m, synthMs: median(wall[i]), synthCpuMs: median(cpu[i]), maxRssMb }));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Measures one variant at the given sizes in a fresh Node process. */
export function measureScale(key: string, sizes: number[], rounds = 3): ScaleMeasurement[] {
  const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, key, sizes.join(','), String(rounds)], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.dev.json' },
    encoding: 'utf-8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as ScaleMeasurement[];
  } catch {
    return sizes.map((routes) => ({ variant: BUILDERS[key].name, routes, error: `measurement process failed: ${child.stderr.split('\n').slice(0, 3).join(' ')}` }));
  }
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '—' : n.toFixed(digits));

/** Runs the section and prints it as Markdown tables; returns the measurements. */
export function runScaleBench(kinds: readonly ('http' | 'rest')[], rounds = 3): ScaleMeasurement[] {
  const all: ScaleMeasurement[] = [];
  for (const kind of kinds) {
    const unit = kind === 'http' ? 'routes' : 'methods';
    const rows = [
      ...measureScale(`${kind}-plain-tuned`, [1000], 1),
      // The most a single stack holds: 300 HTTP routes, but only about 228 REST methods.
      ...measureScale(`${kind}-portcullis`, [kind === 'http' ? 300 : 200, 1000], rounds),
      ...measureScale(`${kind}-route-stacks`, [300, 1000], rounds),
    ];
    all.push(...rows);
    console.log(kind === 'http'
      ? '## 1,000 Lambda routes over 3 functions behind a JWT authorizer: route stacks'
      : '## 1,000 Lambda-backed REST methods over 3 functions behind a Lambda TOKEN authorizer: route stacks');
    console.log(`(each variant in a fresh process; median of ${rounds} interleaved rounds after a warm-up; CPU ms is the process's user+system time)`);
    console.log(`| variant | ${unit} | total resources | largest stack | nested stacks | synth ms | CPU ms | CPU ms per ${unit.slice(0, -1)} | heap after synth MB | peak RSS MB |`);
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const m of rows) {
      if (m.error) {
        console.log(`| ${m.variant} | ${m.routes} | fails: ${m.error} | | | | | | | |`);
        continue;
      }
      console.log(`| ${m.variant} | ${m.routes} | ${m.totalResources} | ${m.largestStack} | ${m.nestedStacks} | ${fmt(m.synthMs)} | ${fmt(m.synthCpuMs)} | `
        + `${fmt(m.synthCpuMs! / m.routes, 2)} | ${fmt(m.heapAfterSynthMb)} | ${fmt(m.maxRssMb)} |`);
    }
    console.log('');
  }
  return all;
}

if (require.main === module) {
  const [key, sizes, rounds] = process.argv.slice(2);
  if (key !== undefined && sizes !== undefined) {
    console.log(JSON.stringify(measureHere(key, sizes.split(',').map(Number), Number(rounds ?? 3))));
  } else {
    runScaleBench(['http', 'rest']);
  }
}
