import { IConstruct } from 'constructs';
import { invalidProp } from './validation';

const LITERAL = /^[A-Za-z0-9._~-]+$/;
const PARAMETER = /^\{([A-Za-z0-9._-]+)(\+?)\}$/;
const EXAMPLE = "write it like '/orders/{id}' or '/{proxy+}'";

/** One segment of a route path: literal text or a `{name}` / `{name+}` parameter. */
interface Segment {
  readonly literal?: string;
  readonly parameter?: string;
  readonly greedy?: boolean;
}

/**
 * Parses a route path the way API Gateway reads it, refusing at synth what it would refuse at deploy:
 * empty segments, a trailing `/`, characters outside `A-Z a-z 0-9 . _ ~ -`, `{}`, `:name` (Express
 * syntax), a greedy `{name+}` that is not last, and a parameter name used twice.
 *
 * @param prop the prop the path was passed as, named in errors
 */
export function parseRoutePath(scope: IConstruct, prop: string, path: string): Segment[] {
  if (path === '$default') {
    invalidProp(scope, prop, path, "'$default' is a route key, not a path",
      "to catch every request no other route matches, use path '/{proxy+}' (with methods ANY)");
  }
  if (typeof path !== 'string' || !path.startsWith('/')) invalidProp(scope, prop, path, 'must start with /', EXAMPLE);
  if (path === '/') return [];
  if (path.endsWith('/')) invalidProp(scope, prop, path, 'must not end with /', `remove the trailing /: '${path.replace(/\/+$/, '')}'`);
  const segments: Segment[] = [];
  const names = new Set<string>();
  const parts = path.slice(1).split('/');
  parts.forEach((part, i) => {
    if (part === '') invalidProp(scope, prop, path, 'has an empty segment (//)', `remove the extra /: '${path.replace(/\/{2,}/g, '/')}'`);
    if (part.startsWith(':')) {
      invalidProp(scope, prop, path, `'${part}' is Express-style; API Gateway names path parameters in braces`,
        `write '{${part.slice(1)}}' instead of '${part}'`);
    }
    const parameter = PARAMETER.exec(part);
    if (parameter) {
      const [, name, plus] = parameter;
      if (plus && i !== parts.length - 1) {
        invalidProp(scope, prop, path, `the greedy parameter '${part}' must be the last segment`, `end the path with it, e.g. '/files/{${name}+}'`);
      }
      if (names.has(name)) invalidProp(scope, prop, path, `the parameter name '${name}' is used twice`, 'give each path parameter its own name');
      names.add(name);
      segments.push({ parameter: name, greedy: plus === '+' });
    } else if (LITERAL.test(part)) {
      segments.push({ literal: part });
    } else if (part.includes('{') || part.includes('}')) {
      invalidProp(scope, prop, path, `'${part}' is not a path parameter: a parameter is a whole segment {name} or {name+}, the name made of letters, digits, . _ and -`, EXAMPLE);
    } else {
      invalidProp(scope, prop, path, `segment '${part}' holds characters API Gateway does not accept in a path (only letters, digits, . _ ~ and -)`, EXAMPLE);
    }
  });
  return segments;
}

interface PathNode {
  readonly literals: Map<string, PathNode>;
  parameter?: { readonly name: string; readonly node: PathNode; readonly firstPath: string };
  greedy?: { readonly name: string; readonly firstPath: string };
}

function newNode(): PathNode {
  return { literals: new Map() };
}

/**
 * The paths of one API, as a tree of segments. API Gateway allows one parameter name at each position
 * under the same parent (`/orders/{id}` and `/orders/{orderId}` cannot both exist), which only the set
 * of paths can tell; this tree refuses the second one at synth.
 */
export class RoutePathTree {
  private readonly root = newNode();

  /**
   * Parses a path and adds it, refusing it if it names a parameter differently from a path added earlier.
   *
   * @param prop the prop the path was passed as, named in errors
   */
  public add(scope: IConstruct, prop: string, path: string): void {
    const segments = parseRoutePath(scope, prop, path);
    let node = this.root;
    for (const segment of segments) {
      if (segment.literal !== undefined) {
        let next = node.literals.get(segment.literal);
        if (!next) node.literals.set(segment.literal, next = newNode());
        node = next;
      } else if (segment.greedy) {
        const earlier = node.greedy;
        if (earlier && earlier.name !== segment.parameter) conflict(scope, prop, path, earlier, segment.parameter!, '+');
        node.greedy ??= { name: segment.parameter!, firstPath: path };
      } else {
        const earlier = node.parameter;
        if (earlier && earlier.name !== segment.parameter) conflict(scope, prop, path, earlier, segment.parameter!, '');
        node.parameter ??= { name: segment.parameter!, node: newNode(), firstPath: path };
        node = node.parameter.node;
      }
    }
  }
}

function conflict(scope: IConstruct, prop: string, path: string, earlier: { name: string; firstPath: string }, name: string, plus: string): never {
  return invalidProp(scope, prop, path,
    `names the parameter {${name}${plus}} where '${earlier.firstPath}', added earlier, names it {${earlier.name}${plus}}; API Gateway allows one name at each position`,
    `use {${earlier.name}${plus}} here too`);
}
