import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, NagPack, NagPackProps, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { AuditPack, baseRuleId } from './audit-pack';

const RULES_MD = 'https://github.com/cdklabs/cdk-nag/blob/main/RULES.md';

/** A cdk-nag pack whose explanations come from the findings themselves. */
function standardPack(name: string, title: string, anchor: string, ruleIdPrefix: string, factory: (props: NagPackProps) => NagPack): AuditPack {
  return {
    name,
    title,
    ruleIdPrefix,
    // cdk-nag's RULES.md has a table per pack, not a heading per rule.
    helpUri: () => `${RULES_MD}#${anchor}`,
    create: factory,
    guidance: () => undefined,
    defaultFix: (ruleId) =>
      `See cdk-nag's RULES.md (${title}) for ${baseRuleId(ruleId)}: ${RULES_MD}#${anchor}. ` +
      'If the finding is accepted, acknowledge it with a reason (see "Acknowledging findings").',
  };
}

/** The standard cdk-nag packs, by `--packs` name. */
export const STANDARD_PACKS: readonly AuditPack[] = [
  standardPack('aws-solutions', 'AWS Solutions', 'aws-solutions', 'AwsSolutions-', (p) => new AwsSolutionsChecks(undefined, p)),
  standardPack('nist-800-53-r5', 'NIST 800-53 rev 5', 'nist-800-53-rev-5', 'NIST.800.53.R5-', (p) => new NIST80053R5Checks(undefined, p)),
  standardPack('hipaa-security', 'HIPAA Security', 'hipaa-security', 'HIPAA.Security-', (p) => new HIPAASecurityChecks(undefined, p)),
  standardPack('pci-dss-3.2.1', 'PCI DSS 3.2.1', 'pci-dss-321', 'PCI.DSS.321-', (p) => new PCIDSS321Checks(undefined, p)),
  standardPack('serverless', 'Serverless', 'serverless', 'Serverless-', (p) => new ServerlessChecks(undefined, p)),
];
