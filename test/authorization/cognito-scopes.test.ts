import { Lazy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  checkCognitoScopesAtSynth, CognitoScopeCatalog, registerCognitoScopeCatalog, STANDARD_COGNITO_SCOPES, undefinedCognitoScopes,
} from '../../lib/authorization/cognito-scopes';

type Servers = ReturnType<CognitoScopeCatalog['resourceServers']>;

/** An API and a user pool whose catalogue lists `servers` (read when checked, as an ApiUserPool's is). */
function setup(servers: () => Servers, register = true) {
  const stack = new Stack();
  const api = new Construct(stack, 'Api');
  const owner = new Construct(stack, 'Users');
  const pool = new Construct(owner, 'Pool');
  if (register) registerCognitoScopeCatalog(pool, { owner, resourceServers: servers });
  return { api, pool };
}

const ORDERS = { identifier: 'orders', scopeNames: ['read', 'write'] };
const BILLING = { identifier: 'billing', scopeNames: ['read'] };
const FIX = "Fix: add the scope to a resource server (addResourceServer(id, { identifier, scopes: { name: 'description' } }), naming it '<identifier>/<name>'), "
  + 'or use a scope listed here or a standard one (openid, email, profile, phone, aws.cognito.signin.user.admin)';

describe('undefinedCognitoScopes', () => {
  test('scopes of the pool\'s resource servers, standard scopes and tokens pass', () => {
    const { api, pool } = setup(() => [ORDERS, BILLING]);
    const scopes = ['orders/read', 'orders/write', 'billing/read', ...STANDARD_COGNITO_SCOPES, Lazy.string({ produce: () => 'x/y' })];
    expect(undefinedCognitoScopes(api, 'scopes', pool, scopes)).toBeUndefined();
  });

  test('the standard scopes are those Cognito issues itself', () => {
    expect(STANDARD_COGNITO_SCOPES).toEqual(['openid', 'email', 'profile', 'phone', 'aws.cognito.signin.user.admin']);
  });

  test('one unknown scope is named, with every server\'s scopes and the fix', () => {
    const { api, pool } = setup(() => [ORDERS, BILLING]);
    expect(undefinedCognitoScopes(api, 'routes[DELETE /orders].scopes', pool, ['orders/read', 'orders/delete'])).toBe(
      "prop 'routes[DELETE /orders].scopes' = [\"orders/read\",\"orders/delete\"]: \"orders/delete\" is defined by no resource server of Default/Users "
      + '(its resource servers define orders (orders/read, orders/write); billing (billing/read)), so Cognito never issues it. ' + FIX);
  });

  test('several unknown scopes are named together, in the plural', () => {
    const { api, pool } = setup(() => [BILLING]);
    expect(undefinedCognitoScopes(api, 'scopes', pool, ['orders/read', 'billing/read', 'read'])).toBe(
      "prop 'scopes' = [\"orders/read\",\"billing/read\",\"read\"]: \"orders/read\", \"read\" are defined by no resource server of Default/Users "
      + '(its resource servers define billing (billing/read)), so Cognito never issues them. ' + FIX);
  });

  test('a pool without resource servers says so', () => {
    const { api, pool } = setup(() => []);
    expect(undefinedCognitoScopes(api, 'scopes', pool, ['orders/read']))
      .toContain('"orders/read" is defined by no resource server of Default/Users (it has no resource server), so Cognito never issues it');
  });

  test('a scope name alone is not the server\'s scope: it is `<identifier>/<name>`', () => {
    const { api, pool } = setup(() => [ORDERS]);
    expect(undefinedCognitoScopes(api, 'scopes', pool, ['read'])).toContain('"read" is defined by no resource server');
  });

  test('a pool whose servers are not known (a token among them) is not checked', () => {
    const { api, pool } = setup(() => undefined);
    expect(undefinedCognitoScopes(api, 'scopes', pool, ['orders/delete'])).toBeUndefined();
  });

  test('a pool without a catalogue (not an ApiUserPool) is not checked', () => {
    const { api, pool } = setup(() => [], false);
    expect(undefinedCognitoScopes(api, 'scopes', pool, ['orders/delete'])).toBeUndefined();
  });
});

describe('checkCognitoScopesAtSynth', () => {
  test('checks when the app is synthesized, so servers added after the route count', () => {
    const servers: { identifier: string; scopeNames: string[] }[] = [];
    const { api, pool } = setup(() => servers);
    checkCognitoScopesAtSynth(api, 'defaultAuthorization.scopes', pool, ['orders/read']);
    expect(api.node.validate()).toEqual([
      expect.stringMatching(/^prop 'defaultAuthorization\.scopes' = \["orders\/read"\]: "orders\/read" is defined by no resource server of Default\/Users \(it has no resource server\)/),
    ]);
    servers.push({ identifier: 'orders', scopeNames: ['read'] });
    expect(api.node.validate()).toEqual([]);
  });

  test('adds no check for a pool without a catalogue', () => {
    const { api, pool } = setup(() => [], false);
    const addValidation = jest.spyOn(api.node, 'addValidation');
    checkCognitoScopesAtSynth(api, 'scopes', pool, ['orders/read']);
    expect(addValidation).not.toHaveBeenCalled();
  });
});
