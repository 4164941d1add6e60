import * as path from 'path';
import { InputLimits, overLimit } from './input-limits';

/** A key written twice in the same map: CloudFormation keeps the last value, and so does the audit. */
export interface DuplicateKey {
  /** 1-based line of the later (winning) occurrence. */
  readonly line: number;
  readonly key: string;
  /** Keys leading to the map, e.g. `Resources.Api.Properties`; empty at the top level. */
  readonly within: string;
}

/** A template's text parsed, with the duplicate keys it had. */
export interface ParsedText {
  readonly value: unknown;
  readonly duplicates: readonly DuplicateKey[];
}

/** Why a template's text was refused: `reason` speaks CloudFormation, without the file name. */
export class TemplateTextError extends Error {
  /** @param refused true for a limit passed, false for a syntax error */
  constructor(public readonly reason: string, public readonly refused: boolean = true) {
    super(reason);
    this.name = 'TemplateTextError';
  }
}

/**
 * Parses a JSON or YAML template (CloudFormation short forms included) within `limits`:
 * - JSON is scanned first, without building anything, for its nesting depth, its number of resources
 *   and its duplicate keys; the scan stops at the first limit passed, so a 300,000-resource template
 *   is refused after reading its first 501 resources;
 * - YAML is pre-scanned line by line for its number of resources, then parsed, then measured for depth;
 * - a key written twice keeps its last value (as CloudFormation does) and is returned in `duplicates`.
 *
 * @throws TemplateTextError for a syntax error (with line and column) or a limit passed (naming the flag)
 */
export function parseTemplateText(text: string, limits: InputLimits): ParsedText {
  if (text.trimStart().startsWith('{')) {
    const duplicates = scanJson(text, limits);
    return { value: parseJson(text), duplicates };
  }
  checkYamlResourceCount(text, limits);
  checkYamlDepth(text, limits);
  const duplicates: DuplicateKey[] = [];
  let value: unknown;
  try {
    value = parseYaml(text, duplicates, lineIndex(text));
  } catch (e) {
    if (e instanceof RangeError) throw new TemplateTextError(`nested too deeply to parse, ${overLimit('maxDepth', limits)}`);
    if (/Excessive alias count/.test(String((e as Error)?.message))) {
      throw new TemplateTextError('more YAML aliases than the parser expands (a resource exhaustion attack?): not read');
    }
    throw new TemplateTextError(`cannot load the template: ${describeParseError(e)}`, false);
  }
  checkDepth(value, limits);
  return { value, duplicates: duplicates.sort((a, b) => a.line - b.line) };
}

/**
 * One pass over JSON text, building nothing: the nesting depth, the keys of the top-level `Resources`
 * map and each map's duplicate keys. Malformed JSON ends the scan; `JSON.parse` then reports where.
 */
function scanJson(text: string, limits: InputLimits): DuplicateKey[] {
  interface Frame { readonly isObject: boolean; readonly key: string | undefined; readonly keys?: Set<string>; expectKey: boolean; lastKey?: string }
  const stack: Frame[] = [];
  const duplicates: DuplicateKey[] = [];
  let line = 1;
  let resources = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
    } else if (c === 0x22 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) { escaped = true; i++; continue; }
        if (d === 0x22) break;
        if (d === 0x0a) line++;
      }
      const top = stack[stack.length - 1];
      if (top?.isObject && top.expectKey) {
        const raw = text.slice(start + 1, i);
        const key = escaped ? safeJsonString(text.slice(start, i + 1)) : raw;
        top.expectKey = false;
        top.lastKey = key;
        if (top.keys!.has(key)) {
          duplicates.push({ line, key, within: stack.slice(1).map((f) => f.key).join('.') });
        } else {
          top.keys!.add(key);
        }
        if (stack.length === 2 && stack[1].key === 'Resources' && ++resources > limits.maxResources) {
          throw new TemplateTextError(`more than ${limits.maxResources} resources, ${overLimit('maxResources', limits)}`);
        }
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const parent = stack[stack.length - 1];
      const isObject = c === 0x7b;
      stack.push({ isObject, key: parent?.isObject ? parent.lastKey : parent ? '[]' : undefined, keys: isObject ? new Set() : undefined, expectKey: isObject });
      if (stack.length > limits.maxDepth) {
        throw new TemplateTextError(`nested more than ${limits.maxDepth} levels deep at line ${line}, ${overLimit('maxDepth', limits)}`);
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (stack.pop() === undefined) break;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.isObject) top.expectKey = true;
    }
  }
  return duplicates;
}

function safeJsonString(literal: string): string {
  try {
    return JSON.parse(literal);
  } catch {
    return literal.slice(1, -1);
  }
}

/** JSON parse errors carry a character position; report it as line and column. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const position = /position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      where = ` at line ${line}, column ${column}`;
    }
    throw new TemplateTextError(`invalid JSON${where}: ${oneLine(message.replace(/ in JSON at position \d+.*$/, ''))}`, false);
  }
}

/**
 * Counts the keys of a block-style top-level `Resources:` map line by line (the lines indented as its
 * first key), before the YAML parser builds anything. Flow style (`Resources: {…}`) is counted after parsing.
 */
function checkYamlResourceCount(text: string, limits: InputLimits): void {
  const header = /^Resources[ \t]*:[ \t]*(#.*)?\r?$/m.exec(text);
  if (header === null) return;
  let indent = -1;
  let resources = 0;
  forEachContentLine(text, header.index + header[0].length + 1, ({ column, first }) => {
    if (column === 0) return false;
    if (indent === -1) indent = column;
    if (column === indent && first !== '-' && ++resources > limits.maxResources) {
      throw new TemplateTextError(`more than ${limits.maxResources} resources, ${overLimit('maxResources', limits)}`);
    }
    return true;
  });
}

/** A line of YAML text that holds more than spaces or a comment. */
interface ContentLine {
  /** Offset of the line's first character, and of its end (the newline, or the text's end). */
  readonly start: number;
  readonly end: number;
  /** Its indentation (spaces), and the character after it. */
  readonly column: number;
  readonly first: string;
  /** Its line number, counted from 1 at `from`. */
  readonly line: number;
}

/**
 * Calls `visit` with each line from offset `from` on that holds more than spaces or a comment, without
 * splitting the text (a template can be tens of megabytes), until `visit` returns false.
 */
function forEachContentLine(text: string, from: number, visit: (line: ContentLine) => boolean): void {
  let line = 1;
  let position = from;
  while (position < text.length) {
    let end = text.indexOf('\n', position);
    if (end === -1) end = text.length;
    let column = 0;
    while (text.charCodeAt(position + column) === 0x20) column++;
    const first = text[position + column];
    if (first !== undefined && first !== '\n' && first !== '\r' && first !== '#') {
      if (!visit({ start: position, end, column, first, line })) return;
    }
    position = end + 1;
    line++;
  }
}

/**
 * Estimates a YAML text's nesting before the parser (which recurses) sees it: the indentation levels open at
 * each line, plus the flow brackets (`[`, `{`) open outside quotes and comments. It is an estimate (a block
 * scalar's indentation counts, an apostrophe in a plain scalar hides the rest of its line), there to keep the
 * parser from recursing thousands of levels deep; the exact depth is checked after parsing.
 */
function checkYamlDepth(text: string, limits: InputLimits): void {
  const indents: number[] = [];
  let flow = 0;
  forEachContentLine(text, 0, ({ start, end, column, line }) => {
    while (indents.length > 0 && indents[indents.length - 1] >= column) indents.pop();
    indents.push(column);
    let quote: string | undefined;
    for (let i = start + column; i < end; i++) {
      const c = text[i];
      if (quote !== undefined) {
        if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '#' && (i === start || text[i - 1] === ' ')) {
        break;
      } else if (c === '[' || c === '{') {
        flow++;
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      }
      if (indents.length + flow > limits.maxDepth) {
        throw new TemplateTextError(`nested more than ${limits.maxDepth} levels deep at line ${line}, ${overLimit('maxDepth', limits)}`);
      }
    }
    return true;
  });
}

/** Refuses a parsed value nested deeper than the limit (measured without recursion). */
function checkDepth(value: unknown, limits: InputLimits): void {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limits.maxDepth) throw new TemplateTextError(`nested more than ${limits.maxDepth} levels deep, ${overLimit('maxDepth', limits)}`);
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
}

// The YAML reader aws-cdk-lib's CfnInclude uses (`yaml` 1.x, bundled with aws-cdk-lib), with the same
// CloudFormation short-form tags, so templates parse as they do for `cdk migrate` and `CfnInclude`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require(path.join(path.dirname(require.resolve('aws-cdk-lib')), 'node_modules', 'yaml'));

const SHORT_FORMS = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Sub', 'Select', 'Split', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'GetAtt'];

/**
 * Parses YAML as aws-cdk-lib's `yaml-cfn` does, except that a repeated key is not an error: the last value
 * wins (the parser's own behaviour once the error is set aside) and the repetition is recorded.
 */
function parseYaml(text: string, duplicates: DuplicateKey[], lines: readonly number[], offset: number = 0): unknown {
  const tag = (name: string, long: string) => ({
    identify: (value: unknown) => typeof value === 'string',
    tag: `!${name}`,
    resolve: (_doc: unknown, cst: any) => {
      const inner = String(cst.toString()).substring(name.length + 1);
      return { [long]: parseYaml(inner, duplicates, lines, offset + (cst.range?.start ?? 0)) };
    },
  });
  const customTags = [...SHORT_FORMS.map((f) => tag(f, `Fn::${f}`)), tag('Ref', 'Ref'), tag('Condition', 'Condition')];
  const doc = yaml.parseDocument(text, { schema: 'core', customTags });
  const errors = doc.errors.filter((e: Error) => !/^Map keys must be unique/.test(e.message));
  if (errors.length > 0) throw errors[0];
  collectYamlDuplicates(doc.contents, duplicates, lines, offset);
  return doc.toJSON();
}

/** Walks the YAML document's maps (without recursion) for keys written twice. */
function collectYamlDuplicates(root: any, duplicates: DuplicateKey[], lines: readonly number[], offset: number): void {
  const pending: [any, string][] = [[root, '']];
  while (pending.length > 0) {
    const [node, within] = pending.pop()!;
    if (node === null || typeof node !== 'object' || !Array.isArray(node.items)) continue;
    const seen = new Set<string>();
    for (const item of node.items) {
      if (item?.type === 'PAIR' || item?.key !== undefined) {
        const key = String(item.key?.value ?? item.key);
        if (seen.has(key)) {
          duplicates.push({ line: lineOf(lines, offset + (item.key?.range?.[0] ?? 0)), key, within });
        }
        seen.add(key);
        pending.push([item.value, within === '' ? key : `${within}.${key}`]);
      } else {
        pending.push([item, within === '' ? '[]' : `${within}.[]`]);
      }
    }
  }
}

/** Offsets at which each line starts. */
function lineIndex(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = Math.floor((low + high + 1) / 2);
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

/** YAML errors carry `linePos`; other errors just a message. */
export function describeParseError(e: unknown): string {
  type LinePos = { start?: { line: number; col: number } };
  const error = e as Error & { name?: string; linePos?: LinePos; source?: { rangeAsLinePos?: LinePos } };
  const start = error.linePos?.start ?? error.source?.rangeAsLinePos?.start;
  const isYaml = typeof error.name === 'string' && error.name.startsWith('YAML');
  const where = start ? ` at line ${start.line}, column ${start.col}` : '';
  return `${isYaml ? `invalid YAML${where}: ` : ''}${oneLine(error.message ?? String(e))}`;
}

export function oneLine(message: string): string {
  return message.split('\n').map((l) => l.trim()).filter((l) => l.length > 0).join(' ');
}
