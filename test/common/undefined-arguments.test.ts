import { Stack } from 'aws-cdk-lib';
import {
  ApiUserPool, GatewayDomain, GatewayMonitoring, GatewayWebAcl, RouteAuthorization, SecureHttpApi, SecureRestApi, SecureWebSocketApi,
} from '../../lib';
import { exampleZone } from '../domain/fixtures';
import { restProps } from '../rest/fixtures';
import { newFunction, newStack } from '../stack-fixtures';

/**
 * TypeScript callers cannot leave a required argument out; JavaScript and Python (jsii) callers can.
 * Each public method with a required argument refuses `undefined` with a Portcullis error naming the
 * construct, the call and the fix, rather than a TypeError from deep inside (issue 23).
 */
type Call = (stack: Stack) => unknown;

const http = (stack: Stack) => new SecureHttpApi(stack, 'Http');
const rest = (stack: Stack) => new SecureRestApi(stack, 'Rest', restProps());
const ws = (stack: Stack) => new SecureWebSocketApi(stack, 'Ws', { connect: { handler: newFunction(stack, 'Connect'), authorization: RouteAuthorization.iam() } });
const pool = (stack: Stack) => new ApiUserPool(stack, 'Users');
const u = undefined as any;

const CALLS: Array<[string, string, Call]> = [
  ['SecureHttpApi', 'addRoutes(options)', (s) => http(s).addRoutes(u)],
  ['SecureHttpApi', 'grantInvoke(grantee)', (s) => http(s).grantInvoke(u)],
  ['SecureHttpApi', 'grantInvokeIamRoutes(grantee)', (s) => http(s).grantInvokeIamRoutes(u)],
  ['SecureRestApi', 'addMethods(options)', (s) => rest(s).addMethods(u)],
  ['SecureRestApi', 'addUsagePlan(options)', (s) => rest(s).addUsagePlan('Plan', u)],
  ['SecureRestApi', 'addApiKey(plan)', (s) => rest(s).addApiKey('Key', u)],
  ['SecureRestApi', 'grantInvoke(grantee)', (s) => rest(s).grantInvoke(u)],
  ['SecureRestApi', 'grantInvokeIamRoutes(grantee)', (s) => rest(s).grantInvokeIamRoutes(u)],
  ['SecureWebSocketApi', 'addRoute(options)', (s) => ws(s).addRoute(u)],
  ['SecureWebSocketApi', 'grantManageConnections(grantee)', (s) => ws(s).grantManageConnections(u)],
  ['SecureWebSocketApi', 'grantInvokeIamRoutes(grantee)', (s) => ws(s).grantInvokeIamRoutes(u)],
  ['ApiUserPool', 'addResourceServer(options)', (s) => pool(s).addResourceServer('Orders', u)],
  ['ApiUserPool', 'addBrowserClient(options)', (s) => pool(s).addBrowserClient('Web', u)],
  ['ApiUserPool', 'addMachineClient(options)', (s) => pool(s).addMachineClient('M2M', u)],
  ['ApiUserPool', 'addDomain(domainPrefix)', (s) => pool(s).addDomain('SignIn', u)],
  ['ApiUserPool', 'routeAuthorization(options)', (s) => pool(s).routeAuthorization(u)],
  ['GatewayDomain', 'addApi(api)', (s) => new GatewayDomain(s, 'Domain', { domainName: 'api.example.com', hostedZone: exampleZone(s) }).addApi(u)],
  ['GatewayMonitoring', 'monitorApi(api)', (s) => new GatewayMonitoring(s, 'Monitoring').monitorApi(u)],
  ['GatewayWebAcl', 'associate(resourceArn)', (s) => new GatewayWebAcl(s, 'Waf').associate('Assoc', u)],
];

describe('undefined for a required argument is refused with a Portcullis error, not a TypeError', () => {
  test.each(CALLS)('%s.%s', (_, call, act) => {
    let error: unknown;
    try {
      act(newStack());
    } catch (e) {
      error = e;
    }
    expect(error).toBeDefined();
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(new RegExp(`^\\[Test/[A-Za-z]+\\] prop '${call.replace(/[()]/g, '\\$&')}' = undefined: is required\\. Fix: `));
  });
});
