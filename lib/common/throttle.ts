import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ApiKind, apiKindName } from './api-kind';
import { checkInteger, checkNumber, invalidProp, isUnresolved } from './validation';
import { checkReasonForUnknownSetting, checkReasonUnused, checkWeakeningReason, recordWeakening, Weakening } from './weakening';

/**
 * Token-bucket throttling limits for a stage or a single route.
 */
export interface ThrottleLimits {
  /**
   * Steady-state requests per second.
   *
   * API Gateway's account-level default is 10,000 requests per second per Region; a stage or
   * route limit can only lower the effective rate.
   */
  readonly rateLimit: number;

  /**
   * Maximum number of requests served at once above the steady rate (the bucket size).
   */
  readonly burstLimit: number;

  /**
   * Why the limits go above the ceiling of the API kind (`THROTTLE_CEILINGS`: API Gateway's default
   * account quota per Region, 10,000 requests per second with a burst of 5,000). Above it a stage or
   * route limit no longer protects the other APIs of the account, so it is a weakening: recorded in
   * the template metadata (`Portcullis::Weakenings`) on the stage (or usage plan).
   *
   * @default - the limits must stay at or below the ceiling
   */
  readonly aboveCeilingReason?: string;
}

/**
 * Stage-wide limits when none are given: deliberately well below the account quota so that a single
 * API cannot starve the others in the account. Raise them for production traffic.
 */
export const DEFAULT_STAGE_THROTTLE: ThrottleLimits = { rateLimit: 500, burstLimit: 1000 };

/**
 * The ceiling above which a stage, route or method limit throttles nothing in practice: API Gateway's
 * default account-level quota per Region, 10,000 requests per second with a bucket of 5,000 requests
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html; some newer Regions
 * default to 2,500 and 1,250). The account quota already caps every API in the account and Region at
 * these values, so a limit above them no longer protects the account's other APIs or the backend.
 */
export const THROTTLE_CEILING: ThrottleLimits = { rateLimit: 10_000, burstLimit: 5_000 };

/** Highest rate API Gateway accepts for a stage or route (the account quota can be raised to this). */
export const MAX_RATE_LIMIT = 1_000_000;
/** Highest burst API Gateway accepts for a stage or route. */
export const MAX_BURST_LIMIT = 1_000_000;

/**
 * The highest limits each API kind takes without `aboveCeilingReason`: {@link THROTTLE_CEILING} for
 * all three, since the quotas page gives one quota for HTTP, REST and WebSocket APIs together ("API
 * Gateway account-level quotas, per Region"). One API's limit above the quota all of them share
 * throttles nothing, and lets one API starve the others.
 */
export const THROTTLE_CEILINGS: { readonly [kind in ApiKind]: { readonly rateLimit: number; readonly burstLimit: number } } = {
  [ApiKind.HTTP]: THROTTLE_CEILING,
  [ApiKind.REST]: THROTTLE_CEILING,
  [ApiKind.WEBSOCKET]: THROTTLE_CEILING,
};

/** The finding `Portcullis-StageThrottling` gives a stage, route or method limit above the ceiling. */
export const ABOVE_CEILING_RULE = 'Portcullis-StageThrottling[above-ceiling]';

/** The weakening of limits above the ceiling, for the prop path `prop` (e.g. `throttle`). */
export function throttleWeakening(prop: string, limits: ThrottleLimits, kind: ApiKind): Weakening {
  const ceiling = THROTTLE_CEILINGS[kind];
  return {
    setting: `${prop}: { rateLimit: ${limits.rateLimit}, burstLimit: ${limits.burstLimit} }`,
    reasonProp: `${prop}.aboveCeilingReason`,
    consequence: `above the ${apiKindName(kind)} ceiling of ${ceiling.rateLimit} requests per second and a burst of ${ceiling.burstLimit} (API Gateway's default account quota), the limit protects neither the backend nor the account's other APIs`,
    rules: [ABOVE_CEILING_RULE],
  };
}

/** True when resolved limits exceed the ceiling of the API kind. */
export function aboveCeiling(limits: ThrottleLimits, kind: ApiKind): boolean {
  const ceiling = THROTTLE_CEILINGS[kind];
  const over = (value: number, max: number) => !isUnresolved(value) && typeof value === 'number' && value > max;
  return over(limits.rateLimit, ceiling.rateLimit) || over(limits.burstLimit, ceiling.burstLimit);
}

/** Records limits above the ceiling (checked by {@link validateThrottle}) on the resource that applies them. */
export function recordThrottle(resource: CfnResource, prop: string, limits: ThrottleLimits, kind: ApiKind): void {
  if (aboveCeiling(limits, kind) && limits.aboveCeilingReason !== undefined) {
    recordWeakening(resource, throttleWeakening(prop, limits, kind), limits.aboveCeilingReason);
  }
}

/**
 * Validates limits at synth; the prop name is the path used in errors (e.g. `throttle`). Limits above
 * the ceiling of the API kind need `aboveCeilingReason`.
 */
export function validateThrottle(scope: IConstruct, prop: string, limits: ThrottleLimits, kind: ApiKind): void {
  checkNumber(scope, `${prop}.rateLimit`, limits.rateLimit, 0, MAX_RATE_LIMIT,
    `set ${prop}.rateLimit to the steady requests per second to allow, e.g. { rateLimit: 500, burstLimit: 1000 }`);
  checkInteger(scope, `${prop}.burstLimit`, limits.burstLimit, 0, MAX_BURST_LIMIT,
    `set ${prop}.burstLimit to a whole number of requests, e.g. { rateLimit: 500, burstLimit: 1000 }`);
  if (!isUnresolved(limits.rateLimit) && !isUnresolved(limits.burstLimit) && limits.burstLimit === 0 && limits.rateLimit > 0) {
    // API Gateway serves a request only when the bucket holds a token; a bucket of size 0 never does.
    invalidProp(scope, `${prop}.burstLimit`, 0,
      `a burst limit of 0 rejects every request with 429, whatever the rate limit (${limits.rateLimit} per second) says`,
      `set ${prop}.burstLimit to at least 1 (commonly about twice the rate, e.g. ${Math.max(1, Math.ceil(limits.rateLimit * 2))}), or set both limits to 0 to block all traffic on purpose`);
  }
  const ceiling = THROTTLE_CEILINGS[kind];
  if (aboveCeiling(limits, kind)) {
    checkWeakeningReason(scope, throttleWeakening(prop, limits, kind), limits.aboveCeilingReason,
      'Launch-day peak measured at 14,000 rps; account quota raised to 20,000 (case 1234)');
  } else if (isUnresolved(limits.rateLimit) || isUnresolved(limits.burstLimit)) {
    checkReasonForUnknownSetting(scope, `${prop}.aboveCeilingReason`, limits.aboveCeilingReason);
  } else {
    checkReasonUnused(scope, `${prop}.aboveCeilingReason`, limits.aboveCeilingReason, false,
      `limits above ${ceiling.rateLimit} requests per second or a burst above ${ceiling.burstLimit}`);
  }
}
