import * as fc from 'fast-check';
import { domainNameProblem, isInZone, isMultiLevel, MAX_MAPPING_PATH_LENGTH, mappingPathProblem } from '../../lib/domain/domain-name-rules';

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
const segment = fc.stringMatching(/^[A-Za-z0-9$\-_.+!*'()]{1,20}$/);

describe('domain name rules', () => {
  test('lower-case labels joined by dots are valid names, also as wildcards, and are inside their parent zone', () => {
    fc.assert(fc.property(fc.array(label, { minLength: 2, maxLength: 5 }), fc.boolean(), (labels, wildcard) => {
      const name = `${wildcard ? '*.' : ''}${labels.join('.')}`;
      expect(domainNameProblem(name)).toBeUndefined();
      expect(isInZone(name, labels.slice(1).join('.'))).toBe(true);
      expect(isInZone(name, `${labels.slice(1).join('.')}.`)).toBe(true);
    }));
  });

  test('any upper-case letter, empty label or bad character is refused', () => {
    fc.assert(fc.property(fc.array(label, { minLength: 2, maxLength: 4 }), fc.constantFrom('A', '_', ' ', '', '-x', 'x-'), fc.nat(3), (labels, bad, at) => {
      const broken = [...labels];
      broken[at % broken.length] = bad;
      expect(domainNameProblem(broken.join('.'))).toBeDefined();
    }));
  });

  test('a name is not in a zone it only ends with as text', () => {
    fc.assert(fc.property(label, label, (a, b) => {
      expect(isInZone(`${a}${b}.com`, `${b}.com`)).toBe(false);
    }));
  });
});

describe('API mapping path rules', () => {
  test('segments of allowed characters joined by / are valid paths, multi-level with more than one', () => {
    fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segments) => {
      const path = segments.join('/');
      expect(mappingPathProblem(path)).toBeUndefined();
      expect(isMultiLevel(path)).toBe(segments.length > 1);
    }));
  });

  test('leading, trailing or doubled slashes, other characters and paths over 300 characters are refused', () => {
    fc.assert(fc.property(segment, fc.constantFrom('/', '//', ' ', '?', '#', '%', '{', '"'), fc.constantFrom('start', 'end', 'middle'), (s, bad, where) => {
      const path = where === 'start' ? `${bad}${s}` : where === 'end' ? `${s}${bad}` : `${s}${bad}${s}`;
      if (bad === '/' && where === 'middle') return; // a valid two-level path
      expect(mappingPathProblem(path)).toBeDefined();
    }));
    expect(mappingPathProblem('a'.repeat(MAX_MAPPING_PATH_LENGTH))).toBeUndefined();
    expect(mappingPathProblem('a'.repeat(MAX_MAPPING_PATH_LENGTH + 1))).toMatch(/301 characters/);
    expect(mappingPathProblem('')).toMatch(/leave basePath out/);
  });
});
