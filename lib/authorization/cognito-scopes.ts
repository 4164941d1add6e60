import { IConstruct } from 'constructs';
import { isUnresolved, PropError } from '../common/validation';

/**
 * The scopes a Cognito user pool can issue, for pools whose resource servers are known in the app
 * (an ApiUserPool registers its pool). A route or app client naming a scope no resource server
 * defines would be refused at run time (every call gets 403) or at deploy (the client), so such a
 * scope fails synth instead.
 */
export interface CognitoScopeCatalog {
  /** The construct that owns the pool, named in errors (an ApiUserPool). */
  readonly owner: IConstruct;
  /** Each resource server's identifier and its scope names, as added so far; undefined while one is a token. */
  resourceServers(): ReadonlyArray<{ readonly identifier: string; readonly scopeNames: readonly string[] }> | undefined;
}

/** Scopes Cognito itself issues, whatever the resource servers. */
export const STANDARD_COGNITO_SCOPES: readonly string[] = ['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin'];

const catalogs = new WeakMap<IConstruct, CognitoScopeCatalog>();

/** Records which scopes a user pool can issue, so routes and clients of the app are checked against them. */
export function registerCognitoScopeCatalog(userPool: IConstruct, catalog: CognitoScopeCatalog): void {
  catalogs.set(userPool, catalog);
}

/**
 * The scopes of `scopes` that the pool's resource servers do not define, as one prop error (detail only,
 * for `addValidation`), or undefined when all are known, or the pool's catalogue is not known.
 */
export function undefinedCognitoScopes(scope: IConstruct, prop: string, userPool: IConstruct, scopes: readonly string[]): string | undefined {
  const catalog = catalogs.get(userPool);
  const servers = catalog?.resourceServers();
  if (!catalog || !servers) return undefined;
  const defined = new Set(servers.flatMap((s) => s.scopeNames.map((name) => `${s.identifier}/${name}`)));
  const unknown = scopes.filter((s) => !isUnresolved(s) && !STANDARD_COGNITO_SCOPES.includes(s) && !defined.has(s));
  if (unknown.length === 0) return undefined;
  const known = servers.length === 0
    ? 'it has no resource server'
    : `its resource servers define ${servers.map((s) => `${s.identifier} (${s.scopeNames.map((n) => `${s.identifier}/${n}`).join(', ')})`).join('; ')}`;
  return new PropError(scope, prop, scopes,
    `${unknown.map((s) => JSON.stringify(s)).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} defined by no resource server of ${catalog.owner.node.path} (${known}), so Cognito never issues ${unknown.length > 1 ? 'them' : 'it'}`,
    `add the scope to a resource server (addResourceServer(id, { identifier, scopes: { name: 'description' } }), naming it '<identifier>/<name>'), or use a scope listed here or a standard one (${STANDARD_COGNITO_SCOPES.join(', ')})`).detail;
}

/** Checks `scopes` against the pool's resource servers when the app is synthesized (servers may be added later). */
export function checkCognitoScopesAtSynth(scope: IConstruct, prop: string, userPool: IConstruct, scopes: readonly string[]): void {
  if (!catalogs.has(userPool)) return;
  scope.node.addValidation({
    validate: () => {
      const problem = undefinedCognitoScopes(scope, prop, userPool, scopes);
      return problem ? [problem] : [];
    },
  });
}
