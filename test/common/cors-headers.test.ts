import * as fc from 'fast-check';
import { headersNotAllowed, parseHeaderList } from '../../lib/common/cors-headers';

/** Header names (RFC 9110 tokens, kept to letters, digits and `-`), and a random re-casing of one. */
const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,19}$/);
const recased = (name: string) => fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length })
  .map((flips) => [...name].map((c, i) => (flips[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
const whitespace = fc.constantFrom('', ' ', '  ', '\t');

describe('which headers a browser may send under Access-Control-Allow-Headers', () => {
  test('a listed header is allowed whatever the case on either side, with or without credentials', () => {
    fc.assert(fc.property(headerName.chain((name) => fc.tuple(fc.constant(name), recased(name))), fc.boolean(), ([listed, read], credentials) => {
      expect(headersNotAllowed([listed], [read], credentials)).toEqual([]);
    }));
  });

  test('an unlisted header is reported once, as first spelled, in order', () => {
    const names = fc.uniqueArray(headerName, { selector: (h) => h.toLowerCase(), minLength: 1, maxLength: 6 });
    fc.assert(fc.property(names, fc.boolean(), (list, credentials) => {
      const read = [...list, ...list.map((n) => n.toUpperCase())];
      expect(headersNotAllowed(['content-type-never-generated!'], read, credentials)).toEqual(list);
    }));
  });

  test("'*' covers any header but Authorization, and only without credentials", () => {
    fc.assert(fc.property(headerName, recased('Authorization'), (name, authorization) => {
      const isAuthorization = name.toLowerCase() === 'authorization';
      expect(headersNotAllowed(['*'], [name], false)).toEqual(isAuthorization ? [name] : []);
      expect(headersNotAllowed(['*'], [name], true)).toEqual([name]);
      expect(headersNotAllowed(['*'], [authorization], false)).toEqual([authorization]);
      expect(headersNotAllowed(['*', 'authorization'], [authorization], true)).toEqual([]);
    }));
  });

  test('a comma-separated list with optional whitespace parses to its names; empty entries are dropped', () => {
    fc.assert(fc.property(fc.array(fc.tuple(whitespace, headerName, whitespace)), fc.boolean(), (entries, trailingComma) => {
      const value = entries.map(([before, name, after]) => `${before}${name}${after}`).join(',') + (trailingComma ? ', ' : '');
      expect(parseHeaderList(value)).toEqual(entries.map(([, name]) => name));
    }));
  });
});
