/**
 * Which resources a piece of a template refers to, through `Ref`, `Fn::GetAtt` and
 * `Fn::Sub` (`${Name}` / `${Name.Attr}`; `${!Literal}` is not a reference).
 * Works on long-form intrinsics, which is how included templates are rendered.
 *
 * @param known logical ids of the template's resources; other names (parameters, pseudo parameters) are ignored
 * @returns referenced logical ids, in order of first appearance
 */
export function referencedLogicalIds(value: unknown, known: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const add = (name: unknown) => {
    if (typeof name === 'string' && known.has(name) && !found.includes(name)) found.push(name);
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, inner] of Object.entries(node)) {
      if (key === 'Ref') {
        add(inner);
      } else if (key === 'Fn::GetAtt') {
        add(Array.isArray(inner) ? inner[0] : typeof inner === 'string' ? inner.split('.')[0] : undefined);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        if (typeof text === 'string') {
          for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) add(match[1].split('.')[0].trim());
        }
        if (Array.isArray(inner)) visit(inner[1]);
        continue;
      }
      visit(inner);
    }
  };
  visit(value);
  return found;
}

/** The logical id a single-reference value (`{ Ref: X }` or `{ Fn::GetAtt: [X, …] }`) points at. */
export function singleReference(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') return record.Ref;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/**
 * Every name a piece of a template refers to through `Ref`, `Fn::GetAtt` or `${Name}` in
 * `Fn::Sub` (variables defined in the `Fn::Sub` map excluded), known or not.
 */
export function referencedNames(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, inner] of Object.entries(node)) {
      if (key === 'Ref' && typeof inner === 'string') {
        found.add(inner);
      } else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(inner) ? inner[0] : typeof inner === 'string' ? inner.split('.')[0] : undefined;
        if (typeof target === 'string') found.add(target);
        else visit(inner);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? inner[0] : inner;
        const variables = Array.isArray(inner) && typeof inner[1] === 'object' && inner[1] !== null ? Object.keys(inner[1]) : [];
        if (typeof text === 'string') {
          for (const match of text.matchAll(/\$\{([^!}][^}]*)\}/g)) {
            const name = match[1].trim();
            if (!variables.includes(name)) found.add(name.startsWith('AWS::') ? name : name.split('.')[0]);
          }
        }
        if (Array.isArray(inner)) visit(inner[1]);
      } else {
        visit(inner);
      }
    }
  };
  visit(value);
  return [...found];
}
