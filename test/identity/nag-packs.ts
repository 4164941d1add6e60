import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { PortcullisChecks } from '../../lib';

/** The packs `bin/security-checks.ts` registers on the showcase app. */
const PACKS = [
  () => new AwsSolutionsChecks(), () => new NIST80053R5Checks(), () => new HIPAASecurityChecks(),
  () => new PCIDSS321Checks(), () => new ServerlessChecks(), () => new PortcullisChecks(),
];

/** Every finding of every pack as `Rule path`, optionally only those on resources below `under`. */
export function findings(scope: IConstruct, under?: string): string[] {
  return PACKS.flatMap((pack) => pack().validateScope(scope).violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)))
    .filter((f) => under === undefined || f.split(' ')[1].startsWith(under))
    .sort();
}
