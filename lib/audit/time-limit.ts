import * as vm from 'vm';

/** Raised when work on one template ran past its time limit. */
export class TimeLimitError extends Error {
  constructor(public readonly seconds: number) {
    super(`took more than ${seconds} s`);
    this.name = 'TimeLimitError';
  }
}

/**
 * Runs `work` and stops it after `seconds`, even in the middle of synchronous code: V8's watchdog for
 * `vm` scripts terminates whatever JavaScript runs, and no `catch` inside `work` can swallow that.
 * Whatever `work` was building is left half-built, so callers discard it.
 *
 * @throws TimeLimitError when the time is up
 */
export function withTimeLimit<T>(seconds: number, work: () => T): T {
  try {
    return vm.runInNewContext('work()', { work }, { timeout: Math.max(1, Math.round(seconds * 1000)) }) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new TimeLimitError(seconds);
    throw e;
  }
}
