import * as path from 'path';
import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

// This package's compiled code: lib/common/validation.js lives two levels below the package root.
const PACKAGE_LIB = path.resolve(__dirname, '..') + path.sep;
const FRAME = /^\s+at (?:.*\()?(.*?):\d+:\d+\)?$/;

/**
 * The stack of an error as the user needs it, as aws-cdk-lib's own validation errors show it: the
 * message once, then only the frames of the user's code. Frames inside this package (whose `.ts`
 * sources are not shipped), in node_modules and in Node itself are left out, so `cdk synth` points at
 * the user's call. A Python or Java (jsii) caller's frames are appended when the host reports them.
 */
function userStack(error: Error, stack: string | undefined): string {
  const frames = (stack ?? '').split('\n').filter((line) => {
    const file = FRAME.exec(line)?.[1];
    if (file === undefined) return false;
    return !file.startsWith(PACKAGE_LIB) && !file.includes(`${path.sep}node_modules${path.sep}`) && !file.startsWith('node:');
  });
  const host = (globalThis as Record<symbol, unknown>)[Symbol.for('jsii.context.hostStackTrace')];
  const hostFrames = Array.isArray(host) ? host.slice(1).map((f) => `    at ${Array.isArray(f) ? `${f[3]} (${f[0]}:${f[1]})` : String(f)}`) : [];
  const shown = [...frames, ...hostFrames];
  return [`${error.name}: ${error.message}`, ...(shown.length > 0 ? shown : ['    (called from within cdk-portcullis)'])].join('\n');
}

/**
 * A synth-time validation error of a Portcullis prop. Its message names the construct path, the prop,
 * the bad value and the fix, in one shape:
 * `[Stack/Api] prop 'throttle.rateLimit' = -1: must be a number from 0 to 1000000. Fix: ...`
 */
export class PropError extends Error {
  /** The message without the leading `[construct path] `, for reports that name the construct themselves. */
  public readonly detail: string;

  constructor(scope: IConstruct, prop: string, value: unknown, problem: string, fix: string) {
    const detail = `prop '${prop}' = ${describeValue(value)}: ${problem}. Fix: ${fix}`;
    super(`[${scope.node.path}] ${detail}`);
    this.name = 'PropError';
    // Not enumerable: Node prints an uncaught error's own enumerable properties, which would repeat the message.
    Object.defineProperty(this, 'detail', { value: detail, enumerable: false, writable: true, configurable: true });
    this.detail = detail;
    this.stack = userStack(this, this.stack);
  }
}

/** Several prop errors of one call, reported together in one message. */
export class PropErrors extends Error {
  /** The errors, in the order their checks ran. */
  public readonly problems: PropError[];

  constructor(errors: PropError[]) {
    super(`${errors.length} problems:\n${errors.map((e) => `- ${e.message}`).join('\n')}`);
    this.name = 'PropErrors';
    // Not `errors`, which Node prints for every error that has it (as AggregateError's), repeating each message.
    Object.defineProperty(this, 'problems', { value: errors, enumerable: false, writable: true, configurable: true });
    this.problems = errors;
    this.stack = userStack(this, this.stack);
  }
}

/** Throws a {@link PropError}: every Portcullis validation ends here so that messages have one shape. */
export function invalidProp(scope: IConstruct, prop: string, value: unknown, problem: string, fix: string): never {
  throw new PropError(scope, prop, value, problem, fix);
}

/** Shows a bad value as the user wrote it: JSON where that is faithful, `NaN` and `Infinity` as themselves. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value) && value.some((v) => typeof v === 'number' && !Number.isFinite(v))) {
    return `[${value.map(describeValue).join(',')}]`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Runs independent checks and returns the prop errors they raised; any other error is rethrown. */
export function collectPropErrors(checks: ReadonlyArray<() => void>): PropError[] {
  const errors: PropError[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (e) {
      if (!(e instanceof PropError)) throw e;
      errors.push(e);
    }
  }
  return errors;
}

/**
 * Runs independent checks of a construct's props and reports every failure together when the app is
 * synthesized (aws-cdk-lib's `node.addValidation`), so one synth shows all of them. For checks whose
 * failure need not stop construction.
 */
export function deferPropChecks(scope: IConstruct, checks: ReadonlyArray<() => void>): void {
  const errors = collectPropErrors(checks);
  if (errors.length > 0) {
    // aws-cdk-lib prefixes each message with the construct path itself.
    scope.node.addValidation({ validate: () => errors.map((e) => e.detail) });
  }
}

/**
 * Runs independent checks of one call (e.g. one `addRoutes`) and throws a single error listing every
 * failure, so the stack trace points at the call and no problem hides behind the first.
 */
export function throwPropErrors(checks: ReadonlyArray<() => void>): void {
  const errors = collectPropErrors(checks);
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new PropErrors(errors);
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
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
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

/**
 * Refuses a missing required argument of a public method. TypeScript callers cannot omit it, but
 * JavaScript and Python (jsii) callers can pass `undefined`/`None`, which would otherwise surface as a
 * `TypeError` deep inside the construct.
 *
 * @param call the method and argument, e.g. `monitorApi(api)`
 */
export function requireArgument<T>(scope: IConstruct, call: string, value: T | undefined | null, fix: string): asserts value is T {
  if (value === undefined || value === null) invalidProp(scope, call, value, 'is required', fix);
}
