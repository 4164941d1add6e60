import * as fs from 'fs';
import * as path from 'path';
import { AuditInputError } from './audit-input-error';
import { InputLimits, overLimit } from './input-limits';

/** A file the audit refuses to read, and why (`reason` without the file name). */
export class InputFileError extends AuditInputError {
  constructor(public readonly file: string, public readonly reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'InputFileError';
  }
}

// O_NONBLOCK: opening a FIFO nobody writes to returns at once instead of waiting for a writer.
// Windows has no such flag (and no FIFOs a path can name).
// eslint-disable-next-line no-bitwise
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
const CHUNK = 1024 * 1024;

/**
 * The text of an input file, read only when it is a regular file (symlinks followed) no larger than
 * `limits.maxTemplateBytes`: the size is checked on the open file before reading, and reading stops one
 * byte past the limit (a file that grows, or a `/proc` file reporting size 0, is refused too).
 *
 * @throws InputFileError naming what the file is (a FIFO, a socket, a device, a directory), its size
 * over the limit and the flag that raises it, or why it cannot be opened
 */
export function readInputFile(file: string, limits: InputLimits): string {
  let fd: number;
  try {
    // stat first: opening a socket fails with an unhelpful ENXIO, and naming the kind is clearer.
    const kind = nonRegularKind(fs.statSync(file));
    if (kind !== undefined) throw new InputFileError(file, notRegular(kind));
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    throw new InputFileError(file, cannotOpen(e as NodeJS.ErrnoException));
  }
  try {
    const stat = fs.fstatSync(fd);
    const kind = nonRegularKind(stat);
    if (kind !== undefined) throw new InputFileError(file, notRegular(kind));
    const max = limits.maxTemplateBytes;
    if (stat.size > max) throw new InputFileError(file, `${stat.size} bytes, ${overLimit('maxTemplateBytes', limits)}`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, max + 1 - total));
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      total += read;
      if (total > max) throw new InputFileError(file, `more than ${max} bytes, ${overLimit('maxTemplateBytes', limits)}`);
    }
    return Buffer.concat(chunks, total).toString('utf-8');
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    throw new InputFileError(file, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    fs.closeSync(fd);
  }
}

/** What a file that is not a regular file is, or undefined for a regular file. */
export function nonRegularKind(stat: fs.Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** The refusal of a file that is not a regular file. */
export function notRegular(kind: string): string {
  return `${kind}, not a regular file: not read (audit a template file)`;
}

function cannotOpen(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT': return 'no such file (a symlink to a missing file?)';
    case 'ELOOP': return 'a symlink loop: not followed';
    case 'EACCES': case 'EPERM': return 'permission denied';
    default: return `cannot read the file (${e.code ?? e.message})`;
  }
}

/**
 * Why a file found in a folder (or named by a cloud assembly manifest) is not read, or undefined when it is
 * read. The rule: regular files are read; a symlink is followed when it leads, through any number of links,
 * to a regular file inside `root` (the audited folder); a symlink loop, a dangling symlink, a symlink out of
 * `root`, and anything that is not a regular file (FIFO, socket, device, directory) are refused, each with
 * the reason. Nothing is opened, so nothing blocks.
 */
export function refusalOf(file: string, root: string): string | undefined {
  let link: fs.Stats;
  try {
    link = fs.lstatSync(file);
  } catch (e) {
    return cannotOpen(e as NodeJS.ErrnoException);
  }
  if (!link.isSymbolicLink()) {
    const kind = nonRegularKind(link);
    return kind === undefined ? undefined : notRegular(kind);
  }
  let target: string;
  try {
    target = fs.realpathSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ELOOP' ? 'a symlink loop: not followed' : code === 'ENOENT' ? 'a symlink to a missing file: not followed' : cannotOpen(e as NodeJS.ErrnoException);
  }
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    realRoot = root;
  }
  const relative = path.relative(realRoot, target);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return `a symlink to ${target}, outside the audited folder ${realRoot}: not followed (audit that file directly, or link it from inside the folder)`;
  }
  const kind = nonRegularKind(fs.statSync(target));
  return kind === undefined ? undefined : `a symlink to ${kind}, not a regular file: not read`;
}
