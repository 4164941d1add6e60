// `npm run mutation`: runs Stryker on every unit of stryker.config.mjs in turn (or on the units named
// as arguments), then prints each unit's score and the score of the whole scope, summed over units.
// Each unit is incremental (reports/mutation/<unit>/stryker-incremental.json): a rerun tests only
// the mutants whose code or tests changed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { UNITS } from '../stryker.config.mjs';

// `--summary`: no run, only the table of the last reports of the units that have one.
const summaryOnly = process.argv.includes('--summary');
const args = process.argv.slice(2).filter((arg) => arg !== '--summary');
const names = args.length > 0 ? args : Object.keys(UNITS).filter((name) => !summaryOnly || fs.existsSync(`reports/mutation/${name}/mutation.json`));
const unknown = names.filter((name) => !(name in UNITS));
if (unknown.length > 0) {
  console.error(`Unknown unit(s) ${unknown.join(', ')}; units are: ${Object.keys(UNITS).join(', ')}`);
  process.exit(2);
}

/** Stryker's statuses, as its score counts them: detected ones over valid ones. */
const DETECTED = ['Killed', 'Timeout'];
const UNDETECTED = ['Survived', 'NoCoverage'];

const rows = [];
let failed = false;
for (const name of names) {
  const started = Date.now();
  const run = summaryOnly ? { status: 0 } : spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], {
    stdio: 'inherit',
    env: { ...process.env, MUTATION_UNIT: name },
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  if (run.status !== 0) {
    failed = true;
    rows.push({ name, seconds, error: `stryker exited ${run.status}` });
    continue;
  }
  const report = JSON.parse(fs.readFileSync(`reports/mutation/${name}/mutation.json`, 'utf-8'));
  const count = { detected: 0, undetected: 0, ignored: 0 };
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      if (DETECTED.includes(mutant.status)) count.detected++;
      else if (UNDETECTED.includes(mutant.status)) count.undetected++;
      else count.ignored++;
    }
  }
  rows.push({ name, seconds, ...count });
}

const score = (r) => (r.detected + r.undetected === 0 ? 'n/a' : `${(100 * r.detected / (r.detected + r.undetected)).toFixed(1)} %`);
const total = rows.filter((r) => !r.error).reduce((t, r) => ({
  detected: t.detected + r.detected, undetected: t.undetected + r.undetected, ignored: t.ignored + r.ignored, seconds: t.seconds + r.seconds,
}), { detected: 0, undetected: 0, ignored: 0, seconds: 0 });

console.log('\nunit                          killed  survived  ignored  score     time');
for (const r of [...rows, { name: 'all units', ...total }]) {
  const line = r.error
    ? `${r.name.padEnd(30)}${r.error}`
    : `${r.name.padEnd(30)}${String(r.detected).padStart(6)}  ${String(r.undetected).padStart(8)}  ${String(r.ignored).padStart(7)}  ${score(r).padEnd(8)}  ${summaryOnly ? '' : `${r.seconds} s`}`;
  console.log(line);
}
process.exit(failed ? 1 : 0);
