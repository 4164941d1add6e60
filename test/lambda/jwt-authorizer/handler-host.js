// Hosts a bundled Lambda handler in its own process, as a Lambda container would: argv[2] is the
// bundle's path. Messages { id, event } are answered with { id, result, ms }; the first message sent
// is { ready: true, loadMs }. The handler's stdout and stderr stay the parent's to read.
const { performance } = require('node:perf_hooks');

const start = performance.now();
const mod = require(process.argv[2]);
process.send({ ready: true, loadMs: performance.now() - start });

process.on('message', async ({ id, event }) => {
  const started = performance.now();
  try {
    const result = await mod.handler(event);
    process.send({ id, result, ms: performance.now() - started });
  } catch (err) {
    process.send({ id, error: String(err && err.stack || err), ms: performance.now() - started });
  }
});
