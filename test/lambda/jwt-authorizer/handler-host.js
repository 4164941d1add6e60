// Hosts a bundled Lambda handler in its own process, as a Lambda container would: argv[2] is the
// bundle's path. Messages { id, event } are answered with { id, result, ms }; the first message sent
// is { ready: true, loadMs }. The handler's stdout and stderr stay the parent's to read.
//
// For the benchmark, the same process also times the baselines under the same conditions as the
// handler (one call per message, between the same IPC round trips): { id, floor: { token, jwk } }
// times Node's crypto.verify of the token's signature, { id, library: { token, jwk, audience, scope } }
// times aws-jwt-verify's verifySync of the token with the JWKS already cached and the same issuer,
// audience and scope checks as the handler's.
const { createPublicKey, verify } = require('node:crypto');
const { performance } = require('node:perf_hooks');

const start = performance.now();
const mod = require(process.argv[2]);
process.send({ ready: true, loadMs: performance.now() - start });

const baselines = new Map();
function baseline(kind, { token, jwk, audience, scope }) {
  const cacheKey = `${kind} ${token}`;
  if (!baselines.has(cacheKey)) {
    const [header, payload, signature] = token.split('.');
    if (kind === 'floor') {
      const key = createPublicKey({ key: jwk, format: 'jwk' });
      const input = Buffer.from(`${header}.${payload}`);
      const sig = Buffer.from(signature, 'base64url');
      baselines.set(cacheKey, () => verify('RSA-SHA256', input, key, sig));
    } else {
      const { JwtVerifier } = require('aws-jwt-verify');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const verifier = JwtVerifier.create({ issuer: claims.iss, jwksUri: `${claims.iss}/jwks`, audience, scope });
      verifier.cacheJwks({ keys: [jwk] });
      baselines.set(cacheKey, () => verifier.verifySync(token));
    }
  }
  return baselines.get(cacheKey);
}

process.on('message', async ({ id, event, floor, library }) => {
  const started = performance.now();
  try {
    if (floor || library) {
      const run = baseline(floor ? 'floor' : 'library', floor || library);
      const baselineStart = performance.now();
      const result = run();
      process.send({ id, result: Boolean(result), ms: performance.now() - baselineStart });
      return;
    }
    const result = await mod.handler(event);
    process.send({ id, result, ms: performance.now() - started });
  } catch (err) {
    // `message` is what API Gateway reads: exactly 'Unauthorized' is a 401, anything else a 500.
    process.send({ id, error: String(err && err.stack || err), message: err && err.message, ms: performance.now() - started });
  }
});
