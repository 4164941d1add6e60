import * as fs from 'node:fs';
import * as path from 'node:path';
import { ASSETS_DIR, bundle, lambdaNames } from '../../scripts/bundle-lambdas';

describe('committed Lambda bundles', () => {
  const names = lambdaNames();

  test('every handler in lambda/ has a bundle, and no bundle is left without a handler', () => {
    expect(names.length).toBeGreaterThan(0);
    const bundled = fs.readdirSync(ASSETS_DIR).sort();
    expect(bundled).toEqual(names);
  });

  test.each(names)('assets/lambda/%s/index.js equals a fresh esbuild of lambda/%s (run `npx projen bundle` when this fails)', (name) => {
    const committed = fs.readFileSync(path.join(ASSETS_DIR, name, 'index.js'), 'utf8');
    expect(committed).toBe(bundle(name));
  });
});
