import { Duration, Token } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { httpApi, newStack } from './fixtures';
import { GatewayMonitoring } from '../../lib';
import { GATEWAY_ALARM_DEFAULTS } from '../../lib/monitoring/alarms/alarm-defaults';
import {
  AlarmDefaults, alarmPolicyProblems, MAX_EVALUATION_RANGE_SECONDS, RateAlarmPolicy, resolveAlarmPolicy, ThresholdKind,
} from '../../lib/monitoring/alarms/alarm-policy';

const RUNS = { numRuns: 80 };
const D = GATEWAY_ALARM_DEFAULTS;

/** The fields an override of an alarm's defaults gets wrong. */
function badFields(defaults: AlarmDefaults, override: RateAlarmPolicy): string[] {
  return alarmPolicyProblems(resolveAlarmPolicy(defaults, override), defaults.thresholdKind).map((p) => p.field);
}

const ALL_DEFAULTS = Object.entries(GATEWAY_ALARM_DEFAULTS);

/** A number that is not a whole number of at least 1. */
const notWholeOrBelowOne = fc.oneof(
  fc.integer({ min: -100, max: 0 }),
  fc.double({ min: 1.01, max: 50, noNaN: true }).filter((x) => !Number.isInteger(x)),
);

/** A valid M-of-N over whole-minute periods within CloudWatch's one-day limit. */
const validWindow = fc.integer({ min: 1, max: 60 }).chain((minutes) =>
  fc.integer({ min: 1, max: Math.floor(MAX_EVALUATION_RANGE_SECONDS / (minutes * 60)) }).chain((n) =>
    fc.integer({ min: 1, max: n }).map((m) => ({ period: Duration.minutes(minutes), evaluationPeriods: n, datapointsToAlarm: m }))));

describe('property: alarm policies', () => {
  test('every default policy is valid', () => {
    for (const [, d] of ALL_DEFAULTS) expect(alarmPolicyProblems(d, d.thresholdKind)).toEqual([]);
  });

  test('valid overrides of any alarm resolve to exactly what was given and raise no problem', () => {
    fc.assert(fc.property(
      fc.constantFrom(...ALL_DEFAULTS), validWindow,
      fc.double({ min: 0.01, max: 100, noNaN: true }), fc.integer({ min: 1, max: 100_000 }),
      ([, d], window, value, minRequests) => {
        const threshold = d.thresholdKind === ThresholdKind.COUNT ? Math.ceil(value) : value;
        const resolved = resolveAlarmPolicy(d, { threshold, minRequests, ...window });
        const { evaluationPeriods, datapointsToAlarm } = window;
        expect(resolved).toMatchObject({ threshold, minRequests, evaluationPeriods, datapointsToAlarm });
        expect(alarmPolicyProblems(resolved, d.thresholdKind)).toEqual([]);
      }), RUNS);
  });

  test('fields left out keep the default; fewer evaluation periods than the default datapoints lower the datapoints to match', () => {
    fc.assert(fc.property(fc.constantFrom(...ALL_DEFAULTS), fc.integer({ min: 1, max: 10 }), ([, d], n) => {
      const resolved = resolveAlarmPolicy(d, { evaluationPeriods: n });
      expect(resolved.threshold).toBe(d.threshold);
      expect(resolved.period.toSeconds()).toBe(d.period.toSeconds());
      expect(resolved.datapointsToAlarm).toBe(Math.min(d.datapointsToAlarm, n));
      expect(alarmPolicyProblems(resolved, d.thresholdKind)).toEqual([]);
    }), RUNS);
  });

  test('a rate threshold outside (0, 100] or not finite is refused', () => {
    fc.assert(fc.property(
      fc.oneof(
        fc.double({ min: -1e6, max: 0, noNaN: true }), fc.double({ min: 100.0001, max: 1e9, noNaN: true }),
        fc.constant(Number.NaN), fc.constant(Infinity),
      ),
      (threshold) => expect(badFields(D.serverErrorRate, { threshold })).toEqual(['threshold'])), RUNS);
  });

  test('count thresholds below 1 and latency thresholds at or below 0 are refused', () => {
    fc.assert(fc.property(fc.double({ min: -1e6, max: 0.999, noNaN: true }), (threshold) => {
      expect(badFields(D.wafBlockedRequests, { threshold })).toEqual(['threshold']);
      if (threshold <= 0) expect(badFields(D.latencyP99, { threshold })).toEqual(['threshold']);
    }), RUNS);
  });

  test('periods that are not whole minutes are refused', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 86_400 }).filter((s) => s % 60 !== 0), (seconds) => {
      expect(badFields(D.latencyP99, { period: Duration.seconds(seconds), evaluationPeriods: 1 })).toEqual(['period']);
    }), RUNS);
  });

  test('evaluation periods × period beyond one day, fractional or below 1, and datapoints outside 1..N are refused', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 5000 }), (minutes, extra) => {
      const n = Math.floor(MAX_EVALUATION_RANGE_SECONDS / (minutes * 60)) + extra;
      expect(badFields(D.latencyP99, { period: Duration.minutes(minutes), evaluationPeriods: n, datapointsToAlarm: 1 })).toEqual(['evaluationPeriods']);
    }), RUNS);
    fc.assert(fc.property(notWholeOrBelowOne, (n) => {
      expect(badFields(D.latencyP99, { evaluationPeriods: n, datapointsToAlarm: 1 })).toContain('evaluationPeriods');
    }), RUNS);
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (n, over) => {
      expect(badFields(D.latencyP99, { evaluationPeriods: n, datapointsToAlarm: n + over })).toEqual(['datapointsToAlarm']);
    }), RUNS);
  });

  test('minRequests must be a whole number of at least 1, for rate alarms', () => {
    fc.assert(fc.property(notWholeOrBelowOne, (minRequests) => {
      expect(badFields(D.clientErrorRate, { minRequests })).toEqual(['minRequests']);
    }), RUNS);
  });

  test('tokens pass', () => {
    const d = GATEWAY_ALARM_DEFAULTS.serverErrorRate;
    const policy = resolveAlarmPolicy(d, {
      threshold: Token.asNumber({ Ref: 'T' }), evaluationPeriods: Token.asNumber({ Ref: 'N' }), minRequests: Token.asNumber({ Ref: 'R' }),
    });
    expect(alarmPolicyProblems({ ...policy, datapointsToAlarm: Token.asNumber({ Ref: 'M' }) }, ThresholdKind.PERCENT)).toEqual([]);
  });

  test('GatewayMonitoring reports a bad override naming the construct, the option path, the value and the fix', () => {
    fc.assert(fc.property(fc.double({ min: 100.5, max: 1e6, noNaN: true }), (threshold) => {
      const stack = newStack();
      const api = httpApi(stack);
      expect(() => new GatewayMonitoring(stack, 'M').monitorApi(api, { clientErrorRate: { threshold } }))
        .toThrow(new RegExp(`^\\[Test/M\\] prop 'options.clientErrorRate.threshold' = ${String(threshold).replace('.', '\\.').replace('+', '\\+')}: .*Fix: `));
    }), { numRuns: 10 });
  });
});
