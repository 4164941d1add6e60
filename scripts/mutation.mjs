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

/** `file:line` of every mutant test/mutation/EQUIVALENT.md lists (a row may name several lines: `f.ts:46, 50, 53`). */
const equivalent = new Set();
for (const row of fs.readFileSync('test/mutation/EQUIVALENT.md', 'utf-8').split('\n')) {
  const cell = /^\| ([^|]+\.ts):([\d, ]+) \|/.exec(row);
  if (cell) for (const line of cell[2].split(',')) equivalent.add(`${cell[1]}:${line.trim()}`);
}

const rows = [];
const unlisted = [];
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
  const count = { detected: 0, undetected: 0, equivalent: 0, ignored: 0 };
  for (const [fileName, file] of Object.entries(report.files)) {
    for (const mutant of file.mutants) {
      const where = `${fileName}:${mutant.location.start.line}`;
      if (DETECTED.includes(mutant.status)) {
        count.detected++;
      } else if (UNDETECTED.includes(mutant.status)) {
        count.undetected++;
        if (equivalent.has(where)) count.equivalent++;
        else unlisted.push(`${where} ${mutant.mutatorName} (${mutant.status}): ${mutant.replacement ?? ''}`);
      } else {
        count.ignored++;
      }
    }
  }
  rows.push({ name, seconds, ...count });
}

const percent = (part, whole) => (whole === 0 ? 'n/a' : `${(100 * part / whole).toFixed(1)} %`);
const total = rows.filter((r) => !r.error).reduce((t, r) => ({
  detected: t.detected + r.detected,
  undetected: t.undetected + r.undetected,
  equivalent: t.equivalent + r.equivalent,
  ignored: t.ignored + r.ignored,
  seconds: t.seconds + r.seconds,
}), { detected: 0, undetected: 0, equivalent: 0, ignored: 0, seconds: 0 });

// score: Stryker's (killed over killed and survived); without equivalent: the listed equivalent survivors left out.
console.log('\nunit                          killed  survived  equivalent  static  score     without equivalent  time');
for (const r of [...rows, { name: 'all units', ...total }]) {
  const line = r.error
    ? `${r.name.padEnd(30)}${r.error}`
    : `${r.name.padEnd(30)}${String(r.detected).padStart(6)}  ${String(r.undetected).padStart(8)}  ${String(r.equivalent).padStart(10)}  ${String(r.ignored).padStart(6)}  `
      + `${percent(r.detected, r.detected + r.undetected).padEnd(8)}  ${percent(r.detected, r.detected + r.undetected - r.equivalent).padEnd(18)}  ${summaryOnly ? '' : `${r.seconds} s`}`;
  console.log(line);
}
if (unlisted.length > 0) {
  console.log(`\n${unlisted.length} surviving mutant(s) neither killed nor listed in test/mutation/EQUIVALENT.md:`);
  for (const mutant of unlisted) console.log(`  ${mutant}`);
}
process.exit(failed ? 1 : 0);
