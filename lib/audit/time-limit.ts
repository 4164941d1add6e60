import * as path from 'path';
import * as vm from 'vm';

/** Raised when work on one template ran past its time limit, or was not started because earlier work did. */
export class TimeLimitError extends Error {
  constructor(public readonly seconds: number, message: string = `took more than ${seconds} s`) {
    super(message);
    this.name = 'TimeLimitError';
  }
}

/**
 * Set once work was stopped mid-way. A stop can land anywhere, also inside the first load of a module or
 * the filling of a cache, and leave it half-built for the rest of the process: no later work is trusted.
 */
let stoppedEarlier: { readonly subject: string } | undefined;

/**
 * Runs `work` and stops it after `seconds`, even in the middle of synchronous code: V8's watchdog for
 * `vm` scripts terminates whatever JavaScript runs, and no `catch` inside `work` can swallow that.
 * Whatever `work` was building is left half-built, so callers discard it; and since what was half-built may
 * be shared (a module being loaded, a cache), every later call in the same process is refused without
 * running, naming the earlier stop.
 *
 * @param subject what the work is on (a template file): work on the subject that was stopped is refused as
 *        taking too long, work on any other as not started, naming the one that was stopped
 * @throws TimeLimitError when the time is up, or when earlier work in this process was stopped
 */
export function withTimeLimit<T>(seconds: number, work: () => T, subject: string): T {
  if (stoppedEarlier !== undefined) {
    if (stoppedEarlier.subject === subject) throw new TimeLimitError(seconds);
    throw new TimeLimitError(seconds, `was not started: work on ${path.basename(stoppedEarlier.subject)} was stopped at the time limit, which can leave shared state half-built, so this process audits nothing more (audit it in a run of its own)`);
  }
  try {
    return vm.runInNewContext('work()', { work }, { timeout: Math.max(1, Math.round(seconds * 1000)) }) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
      stoppedEarlier = { subject };
      throw new TimeLimitError(seconds);
    }
    throw e;
  }
}
