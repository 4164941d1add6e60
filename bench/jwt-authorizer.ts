/**
 * The bundled JWT authorizer against a real OpenID provider on loopback: bundle bytes, cold path
 * (module load + JWKS fetch + first verify), warm p50/p99 per invocation, and the ratio to
 * aws-jwt-verify alone (`verifySync`, JWKS cached, the same issuer, audience and scope checks; the
 * target) and to the floor, Node's `crypto.verify` of the same RS256 token. All three are timed in the handler's own process, one call per message and interleaved
 * call by call, so that each sees the same conditions (a warm container between invocations, not a
 * tight loop) and the same load on the machine. Run alone with
 * `npx ts-node --transpile-only --project tsconfig.dev.json bench/jwt-authorizer.ts`.
 */
import * as fs from 'node:fs';
import {
  BUNDLE, HandlerHost, OidcProvider, decodeHeader, events, makeKey, makeTls, tempDir,
} from '../test/lambda/jwt-authorizer/oidc-fixture';

export interface JwtAuthorizerBench {
  bundleBytes: number;
  coldLoadMs: number;
  coldFirstInvokeMs: number;
  coldTotalMs: number;
  warmP50Ms: number;
  warmP99Ms: number;
  floorP50Ms: number;
  floorP99Ms: number;
  libraryP50Ms: number;
  libraryP99Ms: number;
  /** Handler warm p50 / aws-jwt-verify alone p50: the target (≤ 1.15). */
  handlerToLibraryP50: number;
  ratioP50: number;
  libraryRatioP50: number;
  /** handlerToLibraryP50 of each of `blocks` equal slices of the run, in order: the spread within the run. */
  handlerToLibraryP50ByBlock: number[];
}

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const median = (xs: number[]): number => percentile(xs, 50);

export async function benchJwtAuthorizer(options: { colds?: number; calls?: number; blocks?: number } = {}): Promise<JwtAuthorizerBench> {
  const blocks = options.blocks ?? 5;
  const colds = options.colds ?? 5;
  const calls = options.calls ?? 5000;
  const tls = await makeTls(tempDir());
  const rsa = makeKey('RS256');
  const provider = await OidcProvider.start(tls, [rsa]);
  const checks = { audience: 'https://api.example.com', scope: ['orders/read'] };
  const config = {
    issuers: [{ issuer: provider.issuer, jwksUri: provider.jwksUri, audiences: [checks.audience], tokenUse: 'access' }],
    scopes: checks.scope,
    tokenSource: { location: 'HEADER', name: 'Authorization' },
    jwksTimeoutMs: 1500,
    jwksRefetchIntervalSeconds: 10,
    jwksMaxAgeSeconds: 3600,
  };
  try {
    const token = await provider.token('rs-client');
    if (decodeHeader(token).alg !== 'RS256') throw new Error('expected an RS256 token');
    const event = events.http(token);

    const loads: number[] = [];
    const firsts: number[] = [];
    for (let i = 0; i < colds; i++) {
      const host = await HandlerHost.start(config, tls);
      const first = await host.invoke(event);
      if (first.result.isAuthorized !== true) throw new Error(`cold invocation denied: ${host.output}`);
      loads.push(host.loadMs);
      firsts.push(first.ms);
      await host.stop();
    }

    const host = await HandlerHost.start(config, tls);
    const jwk = { ...rsa.publicKey.export({ format: 'jwk' }), kid: rsa.kid, alg: 'RS256', use: 'sig' };
    const warm: number[] = [];
    const floor: number[] = [];
    const library: number[] = [];
    try {
      for (let i = 0; i < 200; i++) { // warm-up: JIT, caches
        await host.invoke(event);
        await host.baseline('floor', token, jwk, checks);
        await host.baseline('library', token, jwk, checks);
      }
      for (let i = 0; i < calls; i++) {
        warm.push((await host.invoke(event)).ms);
        floor.push(await host.baseline('floor', token, jwk, checks));
        library.push(await host.baseline('library', token, jwk, checks));
      }
    } finally {
      await host.stop();
    }
    const warmP50Ms = median(warm);
    const floorP50Ms = median(floor);
    const size = Math.floor(calls / blocks);
    const slice = (xs: number[], b: number) => xs.slice(b * size, (b + 1) * size);
    const handlerToLibraryP50ByBlock = Array.from({ length: blocks }, (_, b) => median(slice(warm, b)) / median(slice(library, b)));
    return {
      bundleBytes: fs.statSync(BUNDLE).size,
      coldLoadMs: median(loads),
      coldFirstInvokeMs: median(firsts),
      coldTotalMs: median(loads.map((l, i) => l + firsts[i])),
      warmP50Ms,
      warmP99Ms: percentile(warm, 99),
      floorP50Ms,
      floorP99Ms: percentile(floor, 99),
      libraryP50Ms: median(library),
      libraryP99Ms: percentile(library, 99),
      handlerToLibraryP50: warmP50Ms / median(library),
      ratioP50: warmP50Ms / floorP50Ms,
      libraryRatioP50: median(library) / floorP50Ms,
      handlerToLibraryP50ByBlock,
    };
  } finally {
    await provider.stop();
  }
}

/** Prints the results as a Markdown table. */
export function printJwtAuthorizerBench(r: JwtAuthorizerBench): void {
  const f = (n: number, d = 3) => n.toFixed(d);
  console.log('## Lambda JWT authorizer (bundled, RS256, real OpenID provider on loopback)');
  console.log('| measurement | value | target |');
  console.log('|---|---:|---:|');
  console.log(`| bundle (minified) | ${r.bundleBytes} bytes | ≤ 25600 |`);
  console.log(`| cold: module load | ${f(r.coldLoadMs, 1)} ms | |`);
  console.log(`| cold: first invocation (JWKS fetch + verify) | ${f(r.coldFirstInvokeMs, 1)} ms | |`);
  console.log(`| cold: total | ${f(r.coldTotalMs, 1)} ms | |`);
  console.log(`| handler warm p50 / p99 per invocation | ${f(r.warmP50Ms)} / ${f(r.warmP99Ms)} ms | |`);
  console.log(`| aws-jwt-verify alone (verifySync, JWKS cached, same issuer/audience/scope checks) p50 / p99 | ${f(r.libraryP50Ms)} / ${f(r.libraryP99Ms)} ms | |`);
  console.log(`| floor: crypto.verify p50 / p99 | ${f(r.floorP50Ms)} / ${f(r.floorP99Ms)} ms | |`);
  console.log(`| **handler warm p50 / aws-jwt-verify alone p50** | **${f(r.handlerToLibraryP50, 3)}x** | ≤ 1.15x |`);
  console.log(`| the same, per fifth of the run (spread) | ${r.handlerToLibraryP50ByBlock.map((x) => f(x, 3)).join(' · ')} | |`);
  console.log(`| aws-jwt-verify alone p50 / floor p50 | ${f(r.libraryRatioP50, 2)}x | |`);
  console.log(`| handler warm p50 / floor p50 | ${f(r.ratioP50, 2)}x | |`);
  console.log('');
}

if (require.main === module) {
  benchJwtAuthorizer().then(printJwtAuthorizerBench).catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
