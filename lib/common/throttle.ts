import { IConstruct } from 'constructs';
import { checkInteger, checkNumber, invalidProp, isUnresolved } from './validation';

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

/** Validates limits at synth; the prop name is the path used in errors (e.g. `throttle`). */
export function validateThrottle(scope: IConstruct, prop: string, limits: ThrottleLimits): void {
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
}
