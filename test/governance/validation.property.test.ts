import { Match, Template } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import { idleDecision, SweeperConfig } from '../../lambda/unused-api-sweeper/index';
import { GatewayConfigRules, LOG_RETENTION_DAYS, MANAGED_RULES, ruleParameters, UnusedApiSweeper } from '../../lib';
import { newStack } from '../stack-fixtures';

const RUNS = { numRuns: 40 };

describe('property: governance validation', () => {
  test('idleDays: whole days 1..455 are accepted and passed to the handler; anything else is refused naming the prop', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 455 }), (idleDays) => {
      const stack = newStack();
      new UnusedApiSweeper(stack, 'S', { idleDays });
      Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ IDLE_DAYS: String(idleDays) }) } });
    }), { numRuns: 10 });
    fc.assert(fc.property(
      fc.oneof(
        fc.integer({ min: -1000, max: 0 }), fc.integer({ min: 456, max: 100_000 }),
        fc.double({ min: 1.01, max: 454.99, noNaN: true }).filter((n) => !Number.isInteger(n)),
      ),
      (idleDays) => {
        expect(() => new UnusedApiSweeper(newStack(), 'S', { idleDays })).toThrow(/\[Test\/S\] prop 'idleDays'/);
      }), RUNS);
  });

  test('minLogRetentionDays: only the retentions CloudWatch Logs offers; accepted ones become MinRetentionTime', () => {
    const entry = MANAGED_RULES.find((r) => r.identifier === 'CW_LOGGROUP_RETENTION_PERIOD_CHECK')!;
    fc.assert(fc.property(fc.integer({ min: -10, max: 4000 }), (days) => {
      if (LOG_RETENTION_DAYS.includes(days)) {
        expect(ruleParameters(entry, { minLogRetentionDays: days })).toEqual({ MinRetentionTime: String(days) });
        expect(() => new GatewayConfigRules(newStack(), 'R', { minLogRetentionDays: days })).not.toThrow();
      } else {
        expect(() => new GatewayConfigRules(newStack(), 'R', { minLogRetentionDays: days })).toThrow(/\[Test\/R\] prop 'minLogRetentionDays'/);
      }
    }), RUNS);
  });

  test('the handler never deletes an API carrying the protected tag or lacking the exact opt-in tag', () => {
    const config: SweeperConfig = {
      idleDays: 30, deleteEnabled: true, optInTagKey: 'sweep', optInTagValue: 'yes', protectedTagKey: 'protected', metricNamespace: 'N', maxAttempts: 3,
    };
    fc.assert(fc.property(
      fc.dictionary(fc.constantFrom('sweep', 'protected', 'other'), fc.constantFrom('yes', 'no', '', 'YES')),
      fc.boolean(),
      (tags, deleteEnabled) => {
        const decision = idleDecision({ kind: 'HTTP', id: 'a', name: 'a', tags }, { ...config, deleteEnabled });
        const mayDelete = !('protected' in tags) && tags.sweep === 'yes';
        expect(decision === 'deleted').toBe(mayDelete && deleteEnabled);
        expect(decision === 'idle-would-delete').toBe(mayDelete && !deleteEnabled);
      }), { numRuns: 200 });
  });
});
