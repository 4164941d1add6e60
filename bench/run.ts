/**
 * `npm run bench`: benchmarks, not tests. Every figure is printed beside a baseline measured in the
 * same run, and as a ratio. Results also go to bench-results.bench.json (git-ignored).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CfnResource, Validations } from 'aws-cdk-lib';
import { appWith, PLAIN_DEFAULTS, PLAIN_TUNED, PORTCULLIS, Variant } from './http-api-variants';
import { benchJwtAuthorizer, printJwtAuthorizerBench } from './jwt-authorizer';
import { REST_PLAIN_DEFAULTS, REST_PLAIN_TUNED, REST_PLAIN_TUNED_SECURED, REST_PORTCULLIS, restAppWith, RestVariant } from './rest-api-variants';
import { runScaleBench } from './route-stacks';
import { runAudit } from '../lib/audit/auditor';
import { selectPacks } from '../lib/audit/pack-selection';
import { PortcullisChecks } from '../lib/nag/portcullis-checks';
import { ASSETS_DIR, lambdaNames } from '../scripts/bundle-lambdas';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/**
 * `npm run bench -- --only=rest` (or `http`) runs one API kind's sections; `--only=scale` only the
 * route-stack section; `--only=jwt` only the Lambda JWT authorizer; `--only=rest-synth` only the REST
 * synth tables (100 and 200 methods, no ceiling, no route stacks, no bundles).
 */
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-bench-'));

interface Measurement { resources?: number; synthMs?: number; cpuMs?: number; error?: string }

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Builds and synthesizes the variant ROUNDS times (after one warm-up); median wall time. */
function measure(variant: Variant, routes: number): Measurement {
  const times: number[] = [];
  let resources = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    const start = performance.now();
    let assembly;
    try {
      assembly = appWith(variant, routes, path.join(tmp, `${round}`)).synth();
    } catch (e) {
      return { error: String((e as Error).message).split('\n')[0].slice(0, 140) };
    }
    const elapsed = performance.now() - start;
    if (round > 0) times.push(elapsed);
    resources = Object.keys(assembly.getStackByName('Bench').template.Resources).length;
  }
  return { resources, synthMs: median(times) };
}

function fmt(n: number | undefined, digits = 2): string {
  return n === undefined ? '—' : n.toFixed(digits);
}

const results: Record<string, unknown> = { node: process.version, rounds: ROUNDS, date: new Date().toISOString() };
console.log(`Portcullis benchmarks — node ${process.version}, median of ${ROUNDS} synths after a warm-up\n`);

if (only === undefined || only === 'http') {
  for (const routes of [100, 300]) {
    const baseline = measure(PLAIN_DEFAULTS, routes);
    const tuned = measure(PLAIN_TUNED, routes);
    const ours = measure(PORTCULLIS, routes);
    results[`routes${routes}`] = { plainDefaults: baseline, plainTuned: tuned, portcullis: ours };
    console.log(`## ${routes} Lambda routes over 3 functions behind a JWT authorizer`);
    console.log('| variant | resources | resources/route | synth ms | resources vs tuned | synth vs tuned |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const [variant, m] of [[PLAIN_DEFAULTS, baseline], [PLAIN_TUNED, tuned], [PORTCULLIS, ours]] as const) {
      if (m.error) {
        console.log(`| ${variant.name} | fails: ${m.error} | | | | |`);
        continue;
      }
      console.log(`| ${variant.name} | ${m.resources} | ${fmt(m.resources! / routes)} | ${fmt(m.synthMs, 0)} | `
        + `${fmt(m.resources! / tuned.resources!)}x | ${fmt(m.synthMs! / tuned.synthMs!)}x |`);
    }
    console.log('');
  }

  /** Most routes a variant fits in one stack (CloudFormation's 500-resource quota), by bisection. */
  function maxRoutesPerStack(variant: Variant): number {
    const fits = (n: number) => {
      const stack = appWith(variant, n, path.join(tmp, 'count')).node.findChild('Bench');
      return stack.node.findAll().filter((c) => CfnResource.isCfnResource(c)).length <= 500;
    };
    let lo = 1;
    let hi = 600;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid)) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  console.log('## Most Lambda routes in one stack (500 resources)');
  console.log('| variant | routes | vs aws-cdk-lib defaults |');
  console.log('|---|---:|---:|');
  const ceilings = [PLAIN_DEFAULTS, PLAIN_TUNED, PORTCULLIS].map((v) => ({ name: v.name, routes: maxRoutesPerStack(v) }));
  for (const c of ceilings) console.log(`| ${c.name} | ${c.routes} | ${fmt(c.routes / ceilings[0].routes)}x |`);
  results.maxRoutesPerStack = ceilings;
  console.log('');
}

/**
 * The same measurement for REST variants, interleaved: each round synthesizes every variant once, so
 * load from other processes on a shared machine falls on all of them alike rather than on one. CPU time
 * (user + system of this process, which includes the garbage collector's threads) is taken beside wall
 * time: it does not count the time other processes hold the CPU, so it varies less on a loaded machine.
 */
function measureRest(variants: RestVariant[], methods: number): Measurement[] {
  const times: number[][] = variants.map(() => []);
  const cpuTimes: number[][] = variants.map(() => []);
  const out: Measurement[] = variants.map(() => ({}));
  for (let round = 0; round <= ROUNDS; round++) {
    // Rotated each round, so the garbage one variant leaves is not always collected during the same next one.
    const order = variants.map((_, i) => (i + round) % variants.length);
    order.forEach((i) => {
      const variant = variants[i];
      if (out[i].error) return;
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      try {
        const assembly = restAppWith(variant, methods, path.join(tmp, `rest-${i}-${round}`)).synth();
        const cpu = process.cpuUsage(cpuStart);
        if (round > 0) {
          times[i].push(performance.now() - start);
          cpuTimes[i].push((cpu.user + cpu.system) / 1000);
        }
        out[i] = { resources: Object.keys(assembly.getStackByName('Bench').template.Resources).length };
      } catch (e) {
        out[i] = { error: String((e as Error).message).split('\n')[0].slice(0, 140) };
      }
    });
  }
  return out.map((m, i) => (m.error ? m : { ...m, synthMs: median(times[i]), cpuMs: median(cpuTimes[i]) }));
}

/** Resources a REST variant creates for N methods, counted on the construct tree (no synth, so no 500 limit). */
function restResourceCount(variant: RestVariant, methods: number): number {
  const stack = restAppWith(variant, methods, path.join(tmp, 'rest-count')).node.findChild('Bench');
  return stack.node.findAll().filter((c) => CfnResource.isCfnResource(c)).length;
}

if (only === undefined || only === 'rest' || only === 'rest-synth') {
  // The hand-tuned RestApi is the baseline; the same with Portcullis's secure resources written by hand
  // is a second one, which tells the cost of those resources apart from the cost of the library's code.
  const restVariants = [REST_PLAIN_DEFAULTS, REST_PLAIN_TUNED, REST_PLAIN_TUNED_SECURED, REST_PORTCULLIS];
  for (const methods of [100, 200]) {
    const measured = measureRest(restVariants, methods);
    const tuned = measured[1];
    const secured = measured[2];
    results[`restMethods${methods}`] = Object.fromEntries(restVariants.map((v, i) => [v.name, measured[i]]));
    console.log(`## ${methods} Lambda-backed REST methods over 3 functions behind a Lambda TOKEN authorizer (one per path, ten paths per parent)`);
    console.log('| variant | resources | resources/method | synth ms | resources vs tuned | synth vs tuned | synth CPU ms | CPU vs tuned '
      + '| synth vs same resources | CPU vs same resources |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    restVariants.forEach((variant, i) => {
      const m = measured[i];
      if (m.error) {
        const count = restResourceCount(variant, methods);
        console.log(`| ${variant.name} | fails (${count} > 500) | ${fmt(count / methods)} | — | — | — | — | — | — | — |`);
        return;
      }
      const vsSecured = i < 2 || secured.error ? '— | —'
        : `${fmt(m.synthMs! / secured.synthMs!)}x | ${fmt(m.cpuMs! / secured.cpuMs!)}x`;
      console.log(`| ${variant.name} | ${m.resources} | ${fmt(m.resources! / methods)} | ${fmt(m.synthMs, 0)} | `
        + `${fmt(m.resources! / tuned.resources!)}x | ${fmt(m.synthMs! / tuned.synthMs!)}x | ${fmt(m.cpuMs, 0)} | ${fmt(m.cpuMs! / tuned.cpuMs!)}x | ${vsSecured} |`);
    });
    console.log('');
  }
}

if (only === undefined || only === 'rest') {
  const restVariants = [REST_PLAIN_DEFAULTS, REST_PLAIN_TUNED, REST_PORTCULLIS];
  console.log('## Most Lambda-backed REST methods in one stack (500 resources)');
  console.log('| variant | methods | vs hand-tuned |');
  console.log('|---|---:|---:|');
  const restCeilings = restVariants.map((v) => {
    let lo = 1;
    let hi = 600;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (restResourceCount(v, mid) <= 500) lo = mid; else hi = mid - 1;
    }
    return { name: v.name, methods: lo };
  });
  for (const c of restCeilings) console.log(`| ${c.name} | ${c.methods} | ${fmt(c.methods / restCeilings[1].methods)}x |`);
  results.maxRestMethodsPerStack = restCeilings;
  console.log('');
}

/** Synth time of the 300-route app with and without PortcullisChecks registered, then audit time of its cdk.out. */
function packCost(routes: number): Record<string, number> {
  const timed = (withPack: boolean) => {
    const times: number[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      const app = appWith(PORTCULLIS, routes, path.join(tmp, `pack-${withPack}-${round}`));
      if (withPack) Validations.of(app).addPlugins(new PortcullisChecks(app));
      const start = performance.now();
      app.synth();
      if (round > 0) times.push(performance.now() - start);
    }
    return median(times);
  };
  const without = timed(false);
  const withPack = timed(true);
  const outdir = path.join(tmp, 'audit-input');
  appWith(PORTCULLIS, routes, outdir).synth();
  const auditTimes: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const start = performance.now();
    const result = runAudit(outdir, { packs: selectPacks(['portcullis']) });
    if (round > 0) auditTimes.push(performance.now() - start);
    if (result.findings.some((f) => f.level === 'error')) throw new Error('the benchmark app should pass the Portcullis pack');
  }
  return { synthWithoutPackMs: without, synthWithPackMs: withPack, auditMs: median(auditTimes) };
}

if (only === undefined || only === 'http') {
  const cost = packCost(300);
  results.packCost300 = cost;
  console.log('## PortcullisChecks cost, 300-route SecureHttpApi app');
  console.log('| measurement | ms | ratio |');
  console.log('|---|---:|---:|');
  console.log(`| synth without the pack (baseline) | ${fmt(cost.synthWithoutPackMs, 0)} | 1.00x |`);
  console.log(`| synth with the pack | ${fmt(cost.synthWithPackMs, 0)} | ${fmt(cost.synthWithPackMs / cost.synthWithoutPackMs)}x |`);
  console.log(`| \`cdk-portcullis audit\` of its cdk.out (in-process) | ${fmt(cost.auditMs, 0)} | ${fmt(cost.auditMs / cost.synthWithoutPackMs)}x |`);
  console.log('');
}

// Past one stack (route stacks, issue 18): 1,000 routes and methods, each measured in a fresh process.
if (only === undefined || only === 'scale' || only === 'http' || only === 'rest') {
  results.routeStacks = runScaleBench(only === 'http' || only === 'rest' ? [only] : ['http', 'rest']);
}

if (only === 'rest-synth') {
  fs.writeFileSync(path.join(__dirname, '..', 'bench-results.bench.json'), JSON.stringify(results, null, 2));
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
}

const bundles = lambdaNames().map((name) => ({ name, bytes: fs.statSync(path.join(ASSETS_DIR, name, 'index.js')).size }));
results.bundles = bundles;
console.log('## Lambda bundles in assets/lambda (echo and demo-authorizer are showcase-only; jwt-authorizer and unused-api-sweeper ship in the package; '
  + 'the sweeper leaves @aws-sdk/* to the Lambda runtime)');
console.log('| handler | bytes |');
console.log('|---|---:|');
for (const b of bundles) console.log(`| ${b.name} | ${b.bytes} |`);

console.log('');

void (async () => {
  if (only === undefined || only === 'jwt') {
    const authorizer = await benchJwtAuthorizer();
    results.jwtAuthorizer = authorizer;
    printJwtAuthorizerBench(authorizer);
  }
  fs.writeFileSync(path.join(__dirname, '..', 'bench-results.bench.json'), JSON.stringify(results, null, 2));
  fs.rmSync(tmp, { recursive: true, force: true });
})();
