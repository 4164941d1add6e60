/**
 * Bundles each lambda/<purpose>/index.ts into assets/lambda/<purpose>/index.js with esbuild.
 * The bundles are committed so a fresh clone (and a user's `cdk synth`) needs neither esbuild nor
 * Docker; test/lambda/bundles.test.ts rebuilds them in memory and fails when one is stale.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

export const ROOT = path.resolve(__dirname, '..');
export const LAMBDA_DIR = path.join(ROOT, 'lambda');
export const ASSETS_DIR = path.join(ROOT, 'assets', 'lambda');

/** Every handler folder under lambda/. */
export function lambdaNames(): string[] {
  return fs.readdirSync(LAMBDA_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(LAMBDA_DIR, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

/** The bundle of one handler, built in memory. Deterministic for a given esbuild version. */
export function bundle(name: string): string {
  const result = buildSync({
    entryPoints: [path.join(LAMBDA_DIR, name, 'index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    write: false,
    absWorkingDir: ROOT,
    // The Lambda Node.js 22+ runtime provides AWS SDK v3; bundling it would only add megabytes.
    external: ['@aws-sdk/*'],
  });
  return result.outputFiles[0].text;
}

if (require.main === module) {
  for (const name of lambdaNames()) {
    const out = path.join(ASSETS_DIR, name, 'index.js');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const code = bundle(name);
    fs.writeFileSync(out, code);
    console.log(`bundled lambda/${name} -> ${path.relative(ROOT, out)} (${code.length} bytes)`);
  }
}
