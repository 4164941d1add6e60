import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Throws a synth-time error that names the construct path, the prop, the bad value and the fix.
 *
 * Every Portcullis validation ends here so that messages have one shape:
 * `[Stack/Api] prop 'throttle.rateLimit' = -1: must be a non-negative number. Fix: ...`
 */
export function invalidProp(scope: IConstruct, prop: string, value: unknown, problem: string, fix: string): never {
  throw new Error(`[${scope.node.path}] prop '${prop}' = ${describe(value)}: ${problem}. Fix: ${fix}`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** True when a value is a CDK token that is only known at deploy time; validation skips those. */
export function isUnresolved(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some((v) => Token.isUnresolved(v));
  return Token.isUnresolved(value);
}

/** A whole number within [min, max], or a token. */
export function checkInteger(scope: IConstruct, prop: string, value: number, min: number, max: number, fix: string): void {
  if (isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    invalidProp(scope, prop, value, `must be a whole number from ${min} to ${max}`, fix);
  }
}

/** A finite number within [min, max], or a token. */
export function checkNumber(scope: IConstruct, prop: string, value: number, min: number, max: number, fix: string): void {
  if (isUnresolved(value)) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    invalidProp(scope, prop, value, `must be a number from ${min} to ${max}`, fix);
  }
}

/** A non-empty list of non-empty strings, or a token. */
export function checkNonEmptyStrings(scope: IConstruct, prop: string, values: string[] | undefined, fix: string): void {
  if (isUnresolved(values)) return;
  if (!values || values.length === 0) invalidProp(scope, prop, values, 'must list at least one value', fix);
  for (const v of values) {
    if (isUnresolved(v)) continue;
    if (typeof v !== 'string' || v.trim() === '') invalidProp(scope, prop, values, 'must not contain empty strings', fix);
  }
}
