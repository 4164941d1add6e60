import * as fc from 'fast-check';
import { MIN_REASON_LENGTH, reasonProblem } from '../../lib/common/reason-policy';

// Characters that render as nothing or as blank space, from the review of issue 23 (class 6).
const INVISIBLE_OR_BLANK = [
  '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e', '\u2066', '\u202e', // format (Cf)
  '\u{e0020}', '\u{e0041}', '\u{e007f}', // tag characters (Cf)
  '\u115f', '\u1160', '\u3164', '\uffa0', // Hangul fillers (Lo)
  '\u2800', // braille blank (So)
  '\u0301', '\u0308', '\u034f', '\u20dd', '\u180b', // combining marks, the grapheme joiner, a Mongolian variation selector
  '\ufe0f', '\ufe00', '\u{e0100}', // variation selectors (Mn)
  '\u0000', '\u001f', '\u007f', '\ue000', // controls, private use
];
// Whitespace counts once per run between words (it separates them), never on its own.
const WHITESPACE = [' ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\u2028', '\u2029'];
const invisibleString = fc.array(fc.constantFrom(...INVISIBLE_OR_BLANK), { maxLength: 60 }).map((cs) => cs.join(''));
const blankString = fc.array(fc.constantFrom(...INVISIBLE_OR_BLANK, ...WHITESPACE), { maxLength: 60 }).map((cs) => cs.join(''));

// Letters and digits of many scripts, each one visible code point.
const VISIBLE_LETTERS = [...'aZéßøДжλΩאبक中文한글ア0795٣७'];
const visibleLetter = fc.constantFrom(...VISIBLE_LETTERS);

describe('the reason policy counts only what renders', () => {
  test('a reason made only of invisible, blank, filler or combining characters is refused', () => {
    fc.assert(fc.property(blankString, (reason) => {
      expect(reasonProblem(reason)).toBe('no reason is given');
    }), { numRuns: 500 });
  });

  test('a reason with at least 10 visible letters passes, whatever invisible characters surround them', () => {
    const reason = fc.tuple(
      fc.array(visibleLetter, { minLength: MIN_REASON_LENGTH, maxLength: 40 }),
      fc.array(blankString, { minLength: 41, maxLength: 41 }),
    ).map(([letters, padding]) => letters.map((l, i) => padding[i] + l).join('') + padding[40]);
    fc.assert(fc.property(reason, (r) => {
      expect(reasonProblem(r)).toBeUndefined();
    }), { numRuns: 500 });
  });

  test('fewer than 10 visible characters are refused, however much invisible padding hides between them', () => {
    const reason = fc.tuple(
      fc.array(visibleLetter, { minLength: 1, maxLength: MIN_REASON_LENGTH - 1 }),
      fc.array(invisibleString, { minLength: 10, maxLength: 10 }),
    ).map(([letters, padding]) => letters.map((l, i) => padding[i] + l).join('') + padding[9]);
    fc.assert(fc.property(reason, (r) => {
      expect(reasonProblem(r)).toMatch(/^the reason has \d visible characters, at least 10 are required$/);
    }), { numRuns: 500 });
  });

  test.each([
    ['twelve Hangul fillers', '\u3164'.repeat(12)],
    ['twelve braille blanks', '\u2800'.repeat(12)],
    ['twelve combining acute accents', '\u0301'.repeat(12)],
    ['a tag sequence', '\u{e0041}\u{e0042}\u{e0043}\u{e0044}\u{e0045}\u{e0046}\u{e0047}\u{e0048}\u{e0049}\u{e004a}'],
    ['variation selectors and joiners', '\ufe0f\u200d'.repeat(6)],
  ])('%s: no reason is given', (_, reason) => {
    expect(reasonProblem(reason)).toBe('no reason is given');
  });

  test.each([
    ['one letter padded with Hangul fillers', 'a' + '\u3164'.repeat(11), /has 1 visible characters/],
    ['two words padded with whitespace', 'ok' + ' '.repeat(10) + 'go', /has 5 visible characters/],
    ['ten punctuation marks', '!?.,;:-()!', /no visible letter or digit/],
    ['ten emoji', '🔓'.repeat(10), /no visible letter or digit/],
  ])('%s is refused', (_, reason, message) => {
    expect(reasonProblem(reason)).toMatch(message);
  });

  test.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 1234567890],
    ['an array of a long enough string', ['Load balancer health check']],
    ['an object', { reason: 'Load balancer health check' }],
  ])('%s is no reason', (_, reason) => {
    expect(reasonProblem(reason)).toBe('no reason is given');
  });

  test.each([
    ['decomposed accents count once per letter', 'Zugriffe\u0301 fu\u0308r Pru\u0308fer'],
    ['non-Latin script', '外部の監視サービスからの死活監視'],
    ['an emoji among words', 'Health 🔓 check'],
  ])('%s: accepted', (_, reason) => {
    expect(reasonProblem(reason)).toBeUndefined();
  });
});
