import { Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { insightRuleBody, InsightRuleSpec } from './insight-rule-specs';
import { SecuritySignal } from './security-signal';

/** Longest Contributor Insights rule name (PutInsightRule). */
const MAX_RULE_NAME = 128;

/**
 * Contributor Insights rules (`AWS::CloudWatch::InsightRule`) over one JSON log group, one per spec, each
 * counting the log events its filters match per contributor. Names are unique per account and Region,
 * derived from the construct path, so that alarms and dashboard widgets can name them.
 */
export class ContributorInsightRules extends Construct {
  /** The rules, by the signal they answer. */
  public readonly rules = new Map<SecuritySignal, cloudwatch.CfnInsightRule>();

  constructor(scope: Construct, id: string, logGroupName: string, specs: readonly InsightRuleSpec[]) {
    super(scope, id);
    for (const spec of specs) {
      const rule = new cloudwatch.CfnInsightRule(this, spec.id, {
        ruleName: Names.uniqueResourceName(this, { maxLength: MAX_RULE_NAME - spec.id.length - 1, separator: '-' }) + `-${spec.id}`,
        ruleState: 'ENABLED',
        ruleBody: Stack.of(this).toJsonString(insightRuleBody(spec, logGroupName)),
      });
      this.rules.set(spec.signal, rule);
    }
  }
}
