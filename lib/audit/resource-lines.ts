/**
 * The line each resource of a template is declared on (`Resources.<LogicalId>`), from one pass over the template's
 * text: a JSON scan that tracks nesting, or, for YAML, the keys indented under a block-style `Resources:`. A resource
 * the pass cannot place (flow-style YAML, a key written unusually) is absent from the map.
 */
export function resourceLines(text: string): ReadonlyMap<string, number> {
  return text.trimStart().startsWith('{') ? jsonResourceLines(text) : yamlResourceLines(text);
}

function jsonResourceLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let line = 1;
  let depth = 0;
  let inResources = false;
  let lastString: { value: string; line: number } | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
    } else if (c === '"') {
      const start = line;
      let value = '';
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') {
          value += text[i + 1] === 'u' ? String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)) : text[i + 1];
          i += text[i + 1] === 'u' ? 5 : 1;
        } else {
          if (text[i] === '\n') line++;
          value += text[i];
        }
      }
      lastString = { value, line: start };
    } else if (c === ':' && lastString !== undefined) {
      // A key: at depth 1 it names a section, at depth 2 inside `Resources` a resource.
      if (depth === 1) inResources = lastString.value === 'Resources';
      else if (depth === 2 && inResources && !lines.has(lastString.value)) lines.set(lastString.value, lastString.line);
      lastString = undefined;
    } else if (c === '{' || c === '[') {
      depth++;
      lastString = undefined;
    } else if (c === '}' || c === ']') {
      depth--;
      lastString = undefined;
    } else if (c === ',') {
      lastString = undefined;
    }
  }
  return lines;
}

function yamlResourceLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const all = text.split(/\r?\n/);
  const start = all.findIndex((l) => /^Resources\s*:\s*(#.*)?$/.test(l));
  if (start === -1) return lines;
  let indent: number | undefined;
  for (let i = start + 1; i < all.length; i++) {
    const l = all[i];
    if (/^\s*(#.*)?$/.test(l)) continue;
    const own = l.length - l.trimStart().length;
    if (own === 0) break; // the next top-level section
    indent ??= own;
    if (own !== indent) continue;
    const key = /^\s*(?:"([^"]+)"|'([^']+)'|([^\s:#'"][^:#]*?))\s*:(\s|$)/.exec(l);
    const name = key?.[1] ?? key?.[2] ?? key?.[3];
    if (name !== undefined && !lines.has(name)) lines.set(name, i + 1);
  }
  return lines;
}
