import { SamResourceOrigins } from './sam-generated-ids';

/** SAM's naming rules for what it generates, as the differential test maps them back. */
describe('SamResourceOrigins', () => {
  const origins = new SamResourceOrigins({
    Resources: {
      MyApi: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'Prod' } },
      MyHttpApi: { Type: 'AWS::Serverless::HttpApi' },
      MySocket: { Type: 'AWS::Serverless::WebSocketApi' },
      MyFn: {
        Type: 'AWS::Serverless::Function',
        Properties: {
          Events: {
            GetItems: { Type: 'Api', Properties: { RestApiId: { Ref: 'MyApi' }, Path: '/items', Method: 'get' } },
            Implicit: { Type: 'Api', Properties: { Path: '/x', Method: 'any' } },
            Http: { Type: 'HttpApi', Properties: { ApiId: { Ref: 'MyHttpApi' } } },
            Twice: { Type: 'Api', Properties: { RestApiId: { Ref: 'MyApi' }, Path: '/both', Method: 'post' } },
            Again: { Type: 'Api', Properties: { Path: '/both', Method: 'post' } },
          },
        },
      },
      MyApiPlain: { Type: 'AWS::ApiGateway::RestApi' },
      MyApiCanaryStage: { Type: 'AWS::ApiGateway::Stage' },
    },
  });

  test.each([
    // REST: deployment (10 hex digits of hash), stages, usage plan, key, authorizer permission.
    ['MyApiDeployment0984ef7ffb', 'MyApi'],
    ['MyApiProdStage', 'MyApi'],
    ['MyApiUsagePlan', 'MyApi'],
    ['MyApiUsagePlanKey', 'MyApi'],
    ['MyApiApiKey', 'MyApi'],
    ['MyApiMyAuthAuthorizerPermission', 'MyApi'],
    // The implicit APIs exist whether or not the template names them.
    ['ServerlessRestApiDeployment1b37315661', 'ServerlessRestApi'],
    ['ServerlessRestApiProdStage', 'ServerlessRestApi'],
    ['ServerlessHttpApiApiGatewayDefaultStage', 'ServerlessHttpApi'],
    // HTTP and WebSocket.
    ['MyHttpApiApiGatewayDefaultStage', 'MyHttpApi'],
    ['MySocketConnectRoute', 'MySocket'],
    ['MySocketConnectIntegration', 'MySocket'],
    ['MySocketConnectPermission', 'MySocket'],
    ['MySocketConnectAuthorizer', 'MySocket'],
    ['MySocketDefaultStage', 'MySocket'],
    // Function: role, per-event permission with the stage suffix, version.
    ['MyFnRole', 'MyFn'],
    ['MyFnGetItemsPermissionProd', 'MyFn'],
    ['MyFnHttpPermission', 'MyFn'],
    ['MyFnVersion0123456789', 'MyFn'],
    // Shared usage plan, resources the template declares, and ids that follow no rule stay as they are.
    ['ServerlessUsagePlan', 'ServerlessUsagePlan'],
    ['MyApiPlain', 'MyApiPlain'],
    ['MyApiCanaryStage', 'MyApiCanaryStage'],
    ['MyApiDeploymentNotAHash', 'MyApiDeploymentNotAHash'],
    ['MyFnUnknownEventPermission', 'MyFnUnknownEventPermission'],
  ])('%s comes from %s', (logicalId, origin) => {
    expect(origins.originOf(logicalId)).toBe(origin);
  });

  test('a method an event adds belongs to the API the event names, or to the implicit API', () => {
    expect(origins.apisOfEventMethod('MyFn', 'GET /items')).toEqual(['MyApi']);
    expect(origins.apisOfEventMethod('MyFn', 'ANY /x')).toEqual(['ServerlessRestApi']);
    expect(origins.apisOfEventMethod('MyFn', '$default')).toEqual(['MyHttpApi']);
    expect(origins.apisOfEventMethod('MyFn', 'POST /both')).toEqual(['MyApi', 'ServerlessRestApi']);
    expect(origins.apisOfEventMethod('MyFn', 'POST /items')).toEqual([]);
  });
});
