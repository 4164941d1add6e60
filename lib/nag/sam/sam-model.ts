import { createHash } from 'crypto';
import type { ImplicitResource } from '../implicit/implicit-resource';

/**
 * What AWS SAM (`Transform: AWS::Serverless-2016-10-31`) creates, as its documentation states it
 * ("CloudFormation resources generated when AWS::Serverless::Api / HttpApi is specified"). The
 * defaults live here, in one place.
 */

/** The REST API SAM creates for `Api` events of functions that name no `RestApiId`. */
export const SAM_IMPLICIT_REST_API = 'ServerlessRestApi';
/** The stage of the implicit REST API. */
export const SAM_IMPLICIT_REST_STAGE_NAME = 'Prod';
/** The HTTP API SAM creates for `HttpApi` events of functions that name no `ApiId`. */
export const SAM_IMPLICIT_HTTP_API = 'ServerlessHttpApi';
/** The stage an `AWS::Serverless::HttpApi` without `StageName` gets. */
export const SAM_HTTP_DEFAULT_STAGE_NAME = '$default';
/** The identity source of a SAM Lambda TOKEN authorizer without `Identity.Header`. */
export const SAM_DEFAULT_TOKEN_HEADER = 'Authorization';
/** The identity source of a SAM HTTP JWT authorizer without `IdentitySource`. */
export const SAM_DEFAULT_JWT_IDENTITY_SOURCE = '$request.header.Authorization';

/** One event of an `AWS::Serverless::Function`. */
export interface SamEvent {
  readonly name: string;
  readonly type: string;
  readonly properties: Record<string, any>;
}

/** The events of a function's properties; 'unresolved' when `Events` is an intrinsic. */
export function samEventsOf(properties: Record<string, any>): SamEvent[] {
  const events = properties.Events;
  if (!isPlainObject(events)) return [];
  return Object.entries(events)
    .filter(([, event]) => isPlainObject(event))
    .map(([name, event]) => ({ name, type: String(event.Type), properties: isRecord(event.Properties) ? event.Properties : {} }));
}

/** The stage a `AWS::Serverless::WebSocketApi` without `StageName` gets (not `$default`: that names a route). */
export const SAM_WEBSOCKET_DEFAULT_STAGE_NAME = 'default';

/**
 * The stage SAM's REST APIs get besides the configured one when `OpenApiVersion` is unset: the
 * deployment SAM generates carries `StageName: Stage`, which makes API Gateway create a stage of that
 * name with no settings (aws-sam-translator `ApiGenerator._construct_deployment`).
 */
export const SAM_EXTRA_REST_STAGE_NAME = 'Stage';

/**
 * The logical id and stage name of the stage SAM creates for an API (aws-sam-translator 1.110):
 * `<Api><StageName>Stage` for an alphanumeric name, else `<Api>Stage<sha1(name)[0:10]>`;
 * `<HttpApi>ApiGatewayDefaultStage` for an HTTP API on `$default`; `<WebSocketApi>DefaultStage` for a
 * WebSocket API on `default`; `<Api>Stage` when the name is an intrinsic.
 */
export function samStageLogicalId(apiId: string, type: string, stageName: unknown): { logicalId: string; stageName: unknown } {
  if (type === 'AWS::Serverless::WebSocketApi') {
    const name = stageName ?? SAM_WEBSOCKET_DEFAULT_STAGE_NAME;
    if (typeof name !== 'string') return { logicalId: `${apiId}Stage`, stageName: name };
    return { logicalId: name === SAM_WEBSOCKET_DEFAULT_STAGE_NAME ? `${apiId}DefaultStage` : `${apiId}${name}Stage`, stageName: name };
  }
  const name = type === 'AWS::Serverless::HttpApi' ? stageName ?? SAM_HTTP_DEFAULT_STAGE_NAME : stageName;
  if (typeof name !== 'string') return { logicalId: `${apiId}Stage`, stageName: name };
  if (/^[A-Za-z0-9]+$/.test(name)) return { logicalId: `${apiId}${name}Stage`, stageName: name };
  if (type === 'AWS::Serverless::HttpApi' && name === SAM_HTTP_DEFAULT_STAGE_NAME) return { logicalId: `${apiId}ApiGatewayDefaultStage`, stageName: name };
  return { logicalId: `${apiId}Stage${samHash(name)}`, stageName: name };
}

/** SAM's `LogicalIdGenerator` suffix: the first 10 hex digits of the SHA-1 of the value. */
export function samHash(value: string): string {
  return createHash('sha1').update(value, 'utf8').digest('hex').slice(0, 10);
}

/**
 * What `!Ref <Resource>.<Property>` (and `${Resource.Property}` in `Fn::Sub`) names on a SAM resource:
 * the generated resource it stands for (aws-sam-translator `referable_properties`).
 */
export const SAM_REFERABLE_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  'AWS::Serverless::Function': ['Alias', 'Version', 'DestinationTopic', 'DestinationQueue'],
  'AWS::Serverless::Api': ['Stage', 'Deployment', 'DomainName', 'DomainNameV2', 'UsagePlan', 'UsagePlanKey', 'ApiKey'],
  'AWS::Serverless::HttpApi': ['Stage', 'DomainName'],
  'AWS::Serverless::WebSocketApi': ['Stage', 'DomainName'],
};

export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A plain object, not an intrinsic (`{ Ref }`, `{ Fn::If }`, …) that only deployment can resolve. */
export function isPlainObject(value: unknown): value is Record<string, any> {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return !(keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::')));
}

/**
 * The `AWS::ApiGatewayV2::DomainName` SAM generates from an HTTP or WebSocket API's `Domain`
 * (`<Api>.DomainName`, as SAM's reference form names it), or undefined without a readable `Domain`.
 */
export function samV2DomainName(apiId: string, domain: unknown): ImplicitResource | undefined {
  if (!isPlainObject(domain)) return undefined;
  return {
    logicalId: `${apiId}.DomainName`,
    type: 'AWS::ApiGatewayV2::DomainName',
    origin: apiId,
    properties: {
      DomainName: domain.DomainName,
      DomainNameConfigurations: [{ SecurityPolicy: domain.SecurityPolicy, CertificateArn: domain.CertificateArn }],
    },
  };
}
