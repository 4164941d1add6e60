import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A problem the SARIF Multitool found. */
export interface SarifProblem {
  readonly ruleId: string;
  readonly level: string;
  readonly message: string;
}

/**
 * Validates a SARIF log with Microsoft's SARIF Multitool (`@microsoft/sarif-multitool`, whose Linux package ships a
 * self-contained binary: no .NET needed): the 2.1.0 JSON schema (JSON1xxx), the SARIF rules (SARIF1xxx/2xxx) and
 * GitHub's (GH1xxx, `--rule-kind Gh`). `validate` exits 0 whatever it finds; the findings are in its own SARIF output.
 */
export function multitoolProblems(sarif: string): SarifProblem[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const binary: string = require('@microsoft/sarif-multitool');
  // npm may skip the package's postinstall (`chmod u+x`); the tarball's mode is usually kept, but be sure.
  try {
    fs.accessSync(binary, fs.constants.X_OK);
  } catch {
    fs.chmodSync(binary, 0o755);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-validate-'));
  try {
    const input = path.join(dir, 'audit.sarif');
    const output = path.join(dir, 'validation.sarif');
    fs.writeFileSync(input, sarif);
    const run = spawnSync(binary, ['validate', input, '--output', output, '--log', 'ForceOverwrite', '--rule-kind', 'Sarif;Gh'], {
      encoding: 'utf-8',
      timeout: 120_000,
      // The binary is .NET: without ICU libraries it needs invariant globalization.
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
    });
    if (run.error) throw run.error;
    if (!fs.existsSync(output)) throw new Error(`sarif-multitool validate wrote no output (exit ${run.status}): ${run.stdout}${run.stderr}`);
    const log = JSON.parse(fs.readFileSync(output, 'utf-8'));
    return (log.runs?.[0]?.results ?? []).map((r: any) => ({
      ruleId: r.ruleId,
      level: r.level ?? 'warning',
      message: r.message?.text ?? JSON.stringify(r.message?.arguments ?? r.message),
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The subset of SARIF that GitHub code scanning documents ("SARIF support for code scanning"), and its upload
 * limits: what an upload needs to become alerts, as a list of violations (empty when none).
 */
export function githubCodeScanningProblems(log: any): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => { if (!ok) problems.push(what); };
  check(log.version === '2.1.0', 'version must be 2.1.0');
  check(Array.isArray(log.runs) && log.runs.length >= 1 && log.runs.length <= 20, 'runs: 1 to 20 per file');
  for (const [r, run] of (log.runs ?? []).entries()) {
    const driver = run.tool?.driver;
    check(typeof driver?.name === 'string' && driver.name.length > 0, `runs[${r}].tool.driver.name is required`);
    const rules: any[] = driver?.rules ?? [];
    check(rules.length <= 25_000, `runs[${r}]: at most 25,000 rules`);
    for (const rule of rules) {
      check(typeof rule.id === 'string', 'reportingDescriptor.id is required');
      check(typeof rule.shortDescription?.text === 'string' && typeof rule.fullDescription?.text === 'string', `${rule.id}: shortDescription and fullDescription`);
      check(typeof rule.help?.text === 'string', `${rule.id}: help.text`);
      check(['error', 'warning', 'note', 'none'].includes(rule.defaultConfiguration?.level), `${rule.id}: defaultConfiguration.level`);
      check((rule.properties?.tags ?? []).length <= 20, `${rule.id}: at most 20 tags`);
      const severity = rule.properties?.['security-severity'];
      check(severity === undefined || (/^\d+(\.\d+)?$/.test(severity) && Number(severity) <= 10), `${rule.id}: security-severity is a number from 0.0 to 10.0`);
    }
    const results: any[] = run.results ?? [];
    check(Array.isArray(run.results), `runs[${r}].results is required`);
    check(results.length <= 25_000, `runs[${r}]: at most 25,000 results`);
    for (const [i, result] of results.entries()) {
      const where = `runs[${r}].results[${i}]`;
      check(typeof result.ruleId === 'string', `${where}.ruleId is required`);
      check(result.ruleIndex === undefined || rules[result.ruleIndex]?.id === result.ruleId, `${where}.ruleIndex names its rule`);
      check(typeof result.message?.text === 'string' && result.message.text.length > 0, `${where}.message.text is required`);
      check(Array.isArray(result.locations) && result.locations.length >= 1 && result.locations.length <= 1_000, `${where}.locations: 1 to 1,000`);
      const physical = result.locations?.[0]?.physicalLocation;
      check(typeof physical?.artifactLocation?.uri === 'string', `${where}: locations[0].physicalLocation.artifactLocation.uri`);
      check(Number.isInteger(physical?.region?.startLine) && physical.region.startLine >= 1, `${where}: locations[0].physicalLocation.region.startLine`);
      check(!/^[a-z]:|^\//i.test(physical?.artifactLocation?.uri ?? ''), `${where}: an artifact URI is relative or a file: URI, never a bare absolute path`);
      check(Object.keys(result.partialFingerprints ?? {}).length > 0, `${where}.partialFingerprints (stable alerts across runs)`);
    }
  }
  return problems;
}
