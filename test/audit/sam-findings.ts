import * as path from 'path';
import { FIXTURES, runCliJson } from './run-cli';

/** A SAM fixture of test/audit/fixtures/sam. */
export const samFixture = (file: string) => path.join(FIXTURES, 'sam', file);

/** `logicalId (type) ruleId @api` for each finding of `cdk-portcullis audit <args> --json`, in report order. */
export function auditFindings(...args: string[]): { status: number; findings: string[]; report: any; stderr: string } {
  const { run, report } = runCliJson('audit', ...args);
  return {
    status: run.status,
    stderr: run.stderr,
    report,
    findings: report.findings.map((f: any) => `${f.logicalId} (${f.resourceType}) ${f.ruleId} @${f.api}`),
  };
}

/** The generated resources a finding of `ruleId` on `logicalId` is about (`created`). */
export function createdFor(report: any, logicalId: string, ruleId: string): string[] | undefined {
  return report.findings.find((f: any) => f.logicalId === logicalId && f.ruleId === ruleId)?.created;
}
