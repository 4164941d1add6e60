import { Duration, Token } from 'aws-cdk-lib';

/**
 * When one alarm goes off: a threshold and how many periods must breach it. Every field overrides the
 * alarm's default (see the README's alarm table); fields left out keep it.
 */
export interface AlarmPolicy {
  /**
   * Create this alarm. `false` leaves it out (the dashboard still shows the metric).
   *
   * @default - true, except for `minimumTraffic`
   */
  readonly enabled?: boolean;

  /**
   * Why an alarm that is on by default is turned off (`enabled: false`), at least 10 characters (see
   * the README's "Weakenings"). Recorded on the monitoring's dashboard (metadata `Portcullis::Weakenings`).
   *
   * @default - turning off an alarm that is on by default is refused
   */
  readonly offReason?: string;

  /**
   * The threshold: a percentage for rate alarms (0 < x ≤ 100), milliseconds for latency alarms, a count
   * per period for count alarms.
   *
   * @default - the alarm's default
   */
  readonly threshold?: number;

  /**
   * The length of one evaluation period: whole minutes, as API Gateway, Lambda and WAF report per minute.
   *
   * @default - the alarm's default (5 minutes for every Portcullis alarm)
   */
  readonly period?: Duration;

  /**
   * How many recent periods are evaluated. `evaluationPeriods × period` may be at most one day.
   *
   * @default - the alarm's default
   */
  readonly evaluationPeriods?: number;

  /**
   * How many of the evaluated periods must breach (M of N).
   *
   * @default - the alarm's default
   */
  readonly datapointsToAlarm?: number;
}

/**
 * A rate alarm (errors / requests in percent). The rate of a period with fewer than `minRequests`
 * requests counts as 0, so that one failed request of two does not page anyone, and a period without
 * requests gives no datapoint, which does not breach: an idle API never alarms.
 */
export interface RateAlarmPolicy extends AlarmPolicy {
  /**
   * Requests (or invocations) a period needs before its error rate counts.
   *
   * @default - the alarm's default (10 for error rates, 20 for the client error rate)
   */
  readonly minRequests?: number;
}

/** A policy with every field decided. */
export interface ResolvedAlarmPolicy {
  /** Whether the alarm is created. */
  readonly enabled: boolean;
  /** The threshold. */
  readonly threshold: number;
  /** One evaluation period. */
  readonly period: Duration;
  /** Periods evaluated. */
  readonly evaluationPeriods: number;
  /** Breaching periods needed. */
  readonly datapointsToAlarm: number;
  /** For rate alarms: requests a period needs before its rate counts. */
  readonly minRequests: number;
}

/** How a threshold is read, which decides the values it may take. */
export enum ThresholdKind {
  /** A percentage, 0 < x ≤ 100. */
  PERCENT = 'PERCENT',
  /** Milliseconds, > 0. */
  MILLISECONDS = 'MILLISECONDS',
  /** A count per period, ≥ 1 (an alarm at ≥ 0 would always be in alarm). */
  COUNT = 'COUNT',
}

/** The defaults of one alarm and what its threshold means. */
export interface AlarmDefaults extends ResolvedAlarmPolicy {
  /** How the threshold is read. */
  readonly thresholdKind: ThresholdKind;
}

/** The longest an alarm may look back, in seconds: CloudWatch's limit for `evaluationPeriods × period`. */
export const MAX_EVALUATION_RANGE_SECONDS = 86_400;

/** A user's overrides laid over an alarm's defaults. Pure; validate the result with {@link alarmPolicyProblems}. */
export function resolveAlarmPolicy(defaults: AlarmDefaults, override: RateAlarmPolicy = {}): ResolvedAlarmPolicy {
  return {
    enabled: override.enabled ?? defaults.enabled,
    threshold: override.threshold ?? defaults.threshold,
    period: override.period ?? defaults.period,
    evaluationPeriods: override.evaluationPeriods ?? defaults.evaluationPeriods,
    // Fewer evaluated periods than the default's datapoints: every evaluated period must breach.
    datapointsToAlarm: override.datapointsToAlarm
      ?? (override.evaluationPeriods !== undefined ? Math.min(defaults.datapointsToAlarm, override.evaluationPeriods) : defaults.datapointsToAlarm),
    minRequests: override.minRequests ?? defaults.minRequests,
  };
}

/** One thing wrong with a policy: the field, the bad value, the problem and the fix. */
export interface AlarmPolicyProblem {
  /** The field (`threshold`, `period` …). */
  readonly field: string;
  /** The bad value. */
  readonly value: unknown;
  /** What is wrong. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * What is wrong with a resolved policy, if anything. Pure. Tokens pass.
 */
export function alarmPolicyProblems(policy: ResolvedAlarmPolicy, kind: ThresholdKind): AlarmPolicyProblem[] {
  const problems: AlarmPolicyProblem[] = [];
  const t = policy.threshold;
  if (!Token.isUnresolved(t)) {
    if (!Number.isFinite(t)) {
      problems.push({ field: 'threshold', value: t, problem: 'must be a finite number', fix: 'give a number' });
    } else if (kind === ThresholdKind.PERCENT && (t <= 0 || t > 100)) {
      problems.push({ field: 'threshold', value: t, problem: 'a rate threshold is a percentage, more than 0 and at most 100', fix: 'write 5 for 5 %' });
    } else if (kind === ThresholdKind.MILLISECONDS && t <= 0) {
      problems.push({ field: 'threshold', value: t, problem: 'a latency threshold must be more than 0 ms', fix: 'give the latency in milliseconds, e.g. 2500' });
    } else if (kind === ThresholdKind.COUNT && t < 1) {
      problems.push({ field: 'threshold', value: t, problem: 'a count threshold must be at least 1 (an alarm at >= 0 is always in alarm)', fix: 'give the count per period that should page, e.g. 1' });
    }
  }
  const seconds = policy.period.toSeconds();
  const periodKnown = !Token.isUnresolved(seconds);
  if (periodKnown && (seconds < 60 || seconds % 60 !== 0)) {
    problems.push({ field: 'period', value: `${seconds} seconds`, problem: 'these metrics are reported once a minute, so a period must be whole minutes', fix: 'use Duration.minutes(n)' });
  }
  const n = policy.evaluationPeriods;
  const nKnown = !Token.isUnresolved(n);
  if (nKnown && (!Number.isInteger(n) || n < 1)) {
    problems.push({ field: 'evaluationPeriods', value: n, problem: 'must be a whole number of at least 1', fix: 'e.g. 3' });
  } else if (nKnown && periodKnown && n * seconds > MAX_EVALUATION_RANGE_SECONDS) {
    problems.push({
      field: 'evaluationPeriods',
      value: n,
      problem: `evaluationPeriods × period (${n} × ${seconds} s) exceeds CloudWatch's limit of one day`,
      fix: `at most ${Math.floor(MAX_EVALUATION_RANGE_SECONDS / Math.max(seconds, 1))} periods of ${seconds} s`,
    });
  }
  const m = policy.datapointsToAlarm;
  if (!Token.isUnresolved(m) && (!Number.isInteger(m) || m < 1 || (nKnown && Number.isInteger(n) && m > n))) {
    problems.push({ field: 'datapointsToAlarm', value: m, problem: `must be a whole number from 1 to evaluationPeriods (${n})`, fix: 'e.g. 2 of 3' });
  }
  const r = policy.minRequests;
  if (kind === ThresholdKind.PERCENT && !Token.isUnresolved(r) && (!Number.isInteger(r) || r < 1)) {
    problems.push({ field: 'minRequests', value: r, problem: 'must be a whole number of at least 1', fix: 'e.g. 10 requests per period' });
  }
  return problems;
}
