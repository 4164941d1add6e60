import * as fs from 'fs';
import { AuditInputError } from './audit-input-error';
import { AuditPack } from './audit-pack';
import { AuditResult } from './audit-result';
import { baselineOf, BaselineComparison, compareWithBaseline, readBaseline, renderBaseline } from './baseline';
import { ExitPolicy, FAIL_ON_VALUES, FailOn } from './exit-code';
import { renderJson } from './json-report';
import { renderMarkdown } from './markdown-report';
import { renderSarif } from './sarif-report';

/** Report formats of `--format`. */
export type ReportFormat = 'markdown' | 'json' | 'sarif';
export const REPORT_FORMATS: readonly ReportFormat[] = ['markdown', 'json', 'sarif'];

/** The flags of the options below, for `parseArgs`. */
export const REPORT_OPTION_FLAGS = {
  'format': { type: 'string' },
  'fail-on': { type: 'string' },
  'baseline': { type: 'string' },
  'write-baseline': { type: 'string' },
} as const;

/** The audit options that shape the report and the exit code, as given on the command line. */
export interface ReportOptionValues {
  readonly 'json'?: boolean;
  readonly 'format'?: string;
  readonly 'fail-on'?: string;
  readonly 'baseline'?: string;
  readonly 'write-baseline'?: string;
}

/** The options, checked. */
export interface ReportOptions {
  readonly format: ReportFormat;
  readonly failOn?: FailOn;
  readonly baselineFile?: string;
  readonly writeBaselineFile?: string;
}

/**
 * Checks `--format`, `--json`, `--fail-on`, `--baseline` and `--write-baseline`.
 *
 * @throws AuditInputError for an unknown value or a contradiction (`--json --format sarif`)
 */
export function reportOptions(values: ReportOptionValues): ReportOptions {
  const format = values.format?.trim().toLowerCase();
  if (format !== undefined && !(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new AuditInputError(`--format: unknown format '${values.format}' (known: ${REPORT_FORMATS.join(', ')})`);
  }
  if (values.json && format !== undefined && format !== 'json') {
    throw new AuditInputError(`--json and --format ${format} contradict each other: give one`);
  }
  const failOn = values['fail-on']?.trim().toLowerCase();
  if (failOn !== undefined && !(FAIL_ON_VALUES as readonly string[]).includes(failOn)) {
    throw new AuditInputError(`--fail-on: unknown level '${values['fail-on']}' (known: ${FAIL_ON_VALUES.join(', ')})`);
  }
  return {
    format: (format ?? (values.json ? 'json' : 'markdown')) as ReportFormat,
    failOn: failOn as FailOn | undefined,
    baselineFile: values.baseline,
    writeBaselineFile: values['write-baseline'],
  };
}

/**
 * The exit policy of a run: `--fail-on`, and the baseline it is compared with. `--write-baseline` records the
 * findings of this run and compares the run with what it wrote (so the run that writes a baseline passes), unless
 * `--baseline` names the baseline to compare with.
 *
 * @throws AuditInputError when the baseline cannot be read or written
 */
export function exitPolicyOf(result: AuditResult, options: ReportOptions, packs: readonly AuditPack[]): ExitPolicy {
  let baseline: BaselineComparison | undefined;
  if (options.baselineFile !== undefined) {
    baseline = compareWithBaseline(result, readBaseline(options.baselineFile), options.baselineFile, packs);
  }
  if (options.writeBaselineFile !== undefined) {
    const written = baselineOf(result);
    try {
      fs.writeFileSync(options.writeBaselineFile, renderBaseline(written));
    } catch (e) {
      throw new AuditInputError(`--write-baseline ${options.writeBaselineFile}: cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    baseline ??= compareWithBaseline(result, written, options.writeBaselineFile, packs);
  }
  return { failOn: options.failOn, baseline };
}

/** The report in the chosen format. */
export function renderReport(result: AuditResult, options: ReportOptions, policy: ExitPolicy, packs: readonly AuditPack[]): string {
  switch (options.format) {
    case 'json': return renderJson(result, policy);
    case 'sarif': return renderSarif(result, { policy, packs });
    default: return renderMarkdown(result, policy);
  }
}
