import { IConstruct } from 'constructs';
import { invalidProp } from '../common/validation';

const SCOPE = /^\S+$/;

/**
 * Refuses a scope that is not one word: a token carries scopes separated by spaces, so `'user.id user.email'`
 * is two scopes, not one. A token is encoded without whitespace, so a scope that is a token passes, and one
 * whose own text around a token has whitespace is refused: it stays more than one word whatever the token becomes.
 *
 * @param fix the fix the error gives, with an example of the caller's kind
 */
export function checkScopeWords(scope: IConstruct, prop: string, scopes: readonly string[] | undefined, fix: string): void {
  for (const s of scopes ?? []) {
    if (typeof s !== 'string' || !SCOPE.test(s)) {
      invalidProp(scope, prop, scopes, `scope ${JSON.stringify(s)} is not a single word`, fix);
    }
  }
}
