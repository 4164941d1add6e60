import * as fs from 'fs';
import { AuditInputError } from './audit-input-error';
import { AuditPack } from './audit-pack';
import { AuditResult, Finding } from './audit-result';
import { FINGERPRINT_VERSION, FindingKey, findingKeys, fingerprintOf } from './fingerprint';
import { ranPackOf } from './pack-selection';

/**
 * A baseline: the findings an estate had when it adopted the audit, recorded so that a run fails only on findings
 * that are not among them. It is a migration aid, not an acceptance: an acknowledgement with a reason stays the way
 * to accept a finding for good.
 */
export interface Baseline {
  readonly version: number;
  /** One entry per finding key (see {@link FindingKey}), sorted. */
  readonly entries: readonly BaselineEntry[];
}

/** A recorded finding: its key, readable, and the fingerprint that is matched. */
export interface BaselineEntry extends FindingKey {
  readonly fingerprint: string;
}

/** What a run finds against a baseline. */
export interface BaselineComparison {
  /** The baseline file, as given. */
  readonly file: string;
  /** Findings whose every key is in the baseline: reported, but they do not fail the run. */
  readonly baselined: ReadonlySet<Finding>;
  /** Baseline entries (of rules of packs that ran) that no finding matches any more: fixed, so they can be removed. */
  readonly stale: readonly BaselineEntry[];
}

/** The document `--write-baseline` writes. */
export const BASELINE_DOCUMENT_VERSION = 1;

/** The baseline of a result: every key of every finding that remains after acknowledgements. */
export function baselineOf(result: AuditResult): Baseline {
  const entries = new Map<string, BaselineEntry>();
  for (const finding of result.findings) {
    for (const key of findingKeys(result, finding)) entries.set(fingerprintOf(key), { ...key, fingerprint: fingerprintOf(key) });
  }
  const order = (e: BaselineEntry) => [e.stack, e.resource, e.rule, e.detail].join('\u0000');
  const sorted = [...entries.values()].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return { version: BASELINE_DOCUMENT_VERSION, entries: sorted };
}

/** The baseline as the file holds it: stable key order and entry order, so a rewritten baseline diffs cleanly. */
export function renderBaseline(baseline: Baseline): string {
  const doc = {
    version: baseline.version,
    fingerprintVersion: FINGERPRINT_VERSION,
    description: 'cdk-portcullis audit baseline: findings recorded for a migration; the audit fails only on findings not listed here. Accept a finding for good with an acknowledgement and a reason instead.',
    entries: baseline.entries.map((e) => ({ rule: e.rule, stack: e.stack, resource: e.resource, detail: e.detail, fingerprint: e.fingerprint })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Reads a baseline file written by `--write-baseline`.
 *
 * @throws AuditInputError naming the file when it cannot be read or is not a baseline
 */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    throw new AuditInputError(`--baseline ${file}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new AuditInputError(`--baseline ${file}: not JSON (${(e as Error).message.split('\n')[0]}); write one with --write-baseline`);
  }
  if (typeof doc !== 'object' || doc === null || doc.version !== BASELINE_DOCUMENT_VERSION || !Array.isArray(doc.entries)) {
    throw new AuditInputError(`--baseline ${file}: not a cdk-portcullis baseline (version ${BASELINE_DOCUMENT_VERSION} with entries); write one with --write-baseline`);
  }
  if (doc.fingerprintVersion !== FINGERPRINT_VERSION) {
    throw new AuditInputError(`--baseline ${file}: written with fingerprint version ${doc.fingerprintVersion}, this audit computes version ${FINGERPRINT_VERSION}; write it again with --write-baseline`);
  }
  const entries: BaselineEntry[] = [];
  for (const [i, e] of doc.entries.entries()) {
    const fields = ['rule', 'stack', 'resource', 'detail', 'fingerprint'] as const;
    if (typeof e !== 'object' || e === null || fields.some((f) => typeof e[f] !== 'string')) {
      throw new AuditInputError(`--baseline ${file}: entry ${i} needs the strings ${fields.join(', ')}`);
    }
    entries.push({ rule: e.rule, stack: e.stack, resource: e.resource, detail: e.detail, fingerprint: e.fingerprint });
  }
  return { version: doc.version, entries };
}

/**
 * Matches a result against a baseline by fingerprint (never by line): a finding is baselined when every one of its
 * keys is in the baseline, so a new operation at fault in an OpenAPI body is a new finding.
 *
 * @param packs the packs that ran: entries of rules of other packs are neither matched nor stale
 */
export function compareWithBaseline(result: AuditResult, baseline: Baseline, file: string, packs: readonly AuditPack[]): BaselineComparison {
  const recorded = new Set(baseline.entries.map((e) => e.fingerprint));
  const current = new Set<string>();
  const baselined = new Set<Finding>();
  for (const finding of result.findings) {
    const prints = findingKeys(result, finding).map(fingerprintOf);
    prints.forEach((p) => current.add(p));
    if (prints.every((p) => recorded.has(p))) baselined.add(finding);
  }
  const stale = baseline.entries.filter((e) => !current.has(e.fingerprint) && ranPackOf(e.rule, packs));
  return { file, baselined, stale };
}
