/**
 * The message of the error a check throws, or undefined when it passes: for tests that compare a
 * whole error message (`expect(errorOf(() => check())).toBe('[Stack/Api] prop ...')`), which then
 * also fail when no error is thrown.
 */
export function errorOf(check: () => void): string | undefined {
  try {
    check();
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}
