/**
 * Where in the app's source a construct was created, from the `aws:cdk:creationStack` a cloud assembly records for
 * each construct path. aws-cdk-lib folds frames of installed packages into one line (`...new Role in aws-cdk-lib...`)
 * and writes the others as `<function> (<absolute file>:<line>:<column>)`.
 */

/** A file, line and column of the app's source. */
export interface SourceLocation {
  /** Absolute path of the source file, as the stack trace recorded it. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const FRAME = /^(?:.*\()?((?:[A-Za-z]:)?[\\/][^()]*?):(\d+):(\d+)\)?$/;

/**
 * The first frame of a creation stack in a file of the app (not `node_modules`, not Node's internals), or
 * undefined when the stack holds none (no user code within the recorded frames, or no stack recorded).
 */
export function sourceLocationOf(frames: readonly string[] | undefined): SourceLocation | undefined {
  for (const frame of frames ?? []) {
    const match = FRAME.exec(frame.trim());
    if (match === null) continue;
    const file = match[1];
    if (/[\\/]node_modules[\\/]/.test(file)) continue;
    return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}
