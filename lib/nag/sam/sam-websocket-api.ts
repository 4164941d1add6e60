import { isPlainObject, samStageLogicalId, samV2DomainName } from './sam-model';
import type { ImplicitResource } from '../implicit/implicit-resource';

const LAMBDA_INVOCATION_URI = 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${FunctionArn}/invocations';

/**
 * What SAM creates for an `AWS::Serverless::WebSocketApi` (aws-sam-translator 1.110,
 * `WebSocketApiGenerator`): the `WEBSOCKET` API, one route, Lambda proxy integration and permission per
 * entry of `Routes` (`<Api><Key>Route`, `$connect` → `Connect`), an auto-deployed stage
 * (`<Api>DefaultStage`, stage `default`, unless `StageName`) carrying `AccessLogSettings`,
 * `DefaultRouteSettings` and `RouteSettings`, and for `Auth` a `$connect` authorization:
 * `AuthType: CUSTOM` a REQUEST authorizer `<Api>ConnectAuthorizer`, `AWS_IAM` IAM, `NONE` none. SAM
 * applies `Auth` to `$connect` only: the other routes of a WebSocket API are never authorized.
 * A value SAM needs as a literal that is an intrinsic (`Routes`, `Auth`) makes the routes unresolved.
 */
export function samWebSocketApi(api: { logicalId: string; properties: Record<string, any> }): ImplicitResource[] {
  const p = api.properties;
  const id = api.logicalId;
  const out: ImplicitResource[] = [];
  out.push({
    logicalId: id,
    type: 'AWS::ApiGatewayV2::Api',
    origin: id,
    properties: {
      Name: p.Name ?? id,
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: p.RouteSelectionExpression,
      ApiKeySelectionExpression: p.ApiKeySelectionExpression,
      DisableExecuteApiEndpoint: p.DisableExecuteApiEndpoint,
      IpAddressType: p.IpAddressType,
    },
  });
  const stage = samStageLogicalId(id, 'AWS::Serverless::WebSocketApi', p.StageName);
  out.push({
    logicalId: stage.logicalId,
    type: 'AWS::ApiGatewayV2::Stage',
    origin: id,
    properties: {
      ApiId: { Ref: id },
      StageName: stage.stageName,
      AutoDeploy: true,
      StageVariables: p.StageVariables,
      AccessLogSettings: p.AccessLogSettings,
      DefaultRouteSettings: p.DefaultRouteSettings,
      RouteSettings: p.RouteSettings,
    },
  });

  const auth = p.Auth;
  const unreadableAuth = auth !== undefined && !isPlainObject(auth);
  if (!isPlainObject(p.Routes) || unreadableAuth) {
    const property = isPlainObject(p.Routes) ? 'Auth' : 'Routes';
    out.push({ logicalId: `${id}.${property}`, type: 'AWS::ApiGatewayV2::Route', origin: id, properties: {}, unresolvedProperty: property });
    return out;
  }
  const authType = isPlainObject(auth) && typeof auth.AuthType === 'string' ? auth.AuthType.toUpperCase() : isPlainObject(auth) ? auth.AuthType : undefined;
  for (const [routeKey, spec] of Object.entries(p.Routes)) {
    const route = isPlainObject(spec) ? spec : {};
    const name = routeIdPart(routeKey);
    const authorization: Record<string, unknown> = {};
    if (routeKey === '$connect' && authType !== undefined) {
      if (authType === 'CUSTOM') {
        authorization.AuthorizationType = 'CUSTOM';
        authorization.AuthorizerId = { Ref: `${id}ConnectAuthorizer` };
      } else {
        authorization.AuthorizationType = authType;
      }
    }
    out.push({
      logicalId: `${id}${name}Route`,
      type: 'AWS::ApiGatewayV2::Route',
      origin: id,
      properties: {
        ApiId: { Ref: id },
        RouteKey: routeKey,
        ApiKeyRequired: route.ApiKeyRequired,
        OperationName: route.OperationName,
        RequestParameters: route.RequestParameters,
        ...authorization,
        Target: { 'Fn::Join': ['/', ['integrations', { Ref: `${id}${name}Integration` }]] },
      },
    });
    out.push({
      logicalId: `${id}${name}Integration`,
      type: 'AWS::ApiGatewayV2::Integration',
      origin: id,
      properties: {
        ApiId: { Ref: id },
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::Sub': [LAMBDA_INVOCATION_URI, { FunctionArn: route.FunctionArn }] },
        TimeoutInMillis: route.IntegrationTimeout,
      },
    });
    out.push({
      logicalId: `${id}${name}Permission`,
      type: 'AWS::Lambda::Permission',
      origin: id,
      properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: route.FunctionArn,
        Principal: 'apigateway.amazonaws.com',
        SourceArn: typeof stage.stageName === 'string'
          ? { 'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${id}.ApiId}/${stage.stageName}/${routeKey}` }
          : { 'Fn::Sub': [`arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${id}.ApiId}/\${__StageName__}/${routeKey}`, { __StageName__: stage.stageName }] },
      },
    });
  }
  if (authType === 'CUSTOM' && isPlainObject(auth) && Object.keys(p.Routes).includes('$connect')) {
    out.push({
      logicalId: `${id}ConnectAuthorizer`,
      type: 'AWS::ApiGatewayV2::Authorizer',
      origin: id,
      properties: {
        ApiId: { Ref: id },
        Name: auth.Name ?? `${id}ConnectAuthorizer`,
        AuthorizerType: 'REQUEST',
        AuthorizerCredentialsArn: auth.InvokeRole,
        AuthorizerUri: auth.AuthArn === undefined ? undefined : { 'Fn::Sub': [LAMBDA_INVOCATION_URI, { FunctionArn: auth.AuthArn }] },
        IdentitySource: auth.IdentitySource,
      },
    });
    // Without an InvokeRole, API Gateway calls the authorizer under a resource-based permission.
    if (auth.InvokeRole === undefined && auth.AuthArn !== undefined) {
      out.push({
        logicalId: `${id}AuthorizerPermission`,
        type: 'AWS::Lambda::Permission',
        origin: id,
        properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: auth.AuthArn,
          Principal: 'apigateway.amazonaws.com',
          SourceArn: { 'Fn::Sub': ['arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*', { __ApiId__: { Ref: id } }] },
        },
      });
    }
  }
  const domain = samV2DomainName(id, p.Domain);
  if (domain !== undefined) out.push(domain);
  return out;
}

/** SAM's logical-id part for a route key: `$connect` → `Connect`, `sendMessage` → `Sendmessage`. */
function routeIdPart(routeKey: string): string {
  const key = routeKey.startsWith('$') ? routeKey.slice(1) : routeKey;
  return key.charAt(0).toUpperCase() + key.slice(1).toLowerCase();
}
