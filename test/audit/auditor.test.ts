import * as path from 'path';
import { IConstruct } from 'constructs';
import { FIXTURES } from './run-cli';
import { AuditPack } from '../../lib/audit/audit-pack';
import { runAudit } from '../../lib/audit/auditor';
import { exitCodeOf } from '../../lib/audit/exit-code';

/** A pack that reports one violation of the given severity on the template's `CatalogApi`. */
function packReporting(severity: string): AuditPack {
  return {
    name: 'test',
    title: 'Test',
    ruleIdPrefix: 'Test-',
    helpUri: () => 'https://example.com/test-rules',
    create: () => ({
      validateScope: (scope: IConstruct) => ({
        success: false,
        violations: [{
          ruleName: 'Test-Rule',
          description: 'Reported for the test.',
          severity,
          violatingResources: [{ constructPath: `${scope.node.path}/Template/CatalogApi`, locations: ['Properties'] }],
        }],
      }),
    }) as any,
    guidance: () => undefined,
    defaultFix: () => 'Nothing to fix.',
  };
}

describe('runAudit: finding levels', () => {
  const template = path.join(FIXTURES, 'http-api-compliant.json');

  test.each([
    ['error', 'error', 1],
    ['fatal', 'error', 1],
    // A warning fails synth (cdk-nag 3 plugin reports fail on any violation), so it fails the audit too.
    ['warning', 'warning', 1],
  ])('a pack violation of severity %s is a finding of level %s (exit code %d)', (severity, level, exitCode) => {
    const result = runAudit(template, { packs: [packReporting(severity)] });

    expect(result.findings.map((f) => [f.ruleId, f.logicalId, f.level])).toEqual([['Test-Rule', 'CatalogApi', level]]);
    expect(exitCodeOf(result)).toBe(exitCode);
  });
});
