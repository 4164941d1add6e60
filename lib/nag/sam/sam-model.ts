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

/**
 * The logical id and stage name of the stage SAM creates for an API: `<Api><StageName>Stage`
 * (non-alphanumerics dropped), or `<HttpApi>ApiGatewayDefaultStage` for an HTTP API without a stage name.
 * Undefined when the stage name is not a literal (the logical id cannot be known).
 */
export function samStageLogicalId(apiId: string, type: string, stageName: unknown): { logicalId: string; stageName: unknown } | undefined {
  if (type === 'AWS::Serverless::HttpApi' && stageName === undefined) {
    return { logicalId: `${apiId}ApiGatewayDefaultStage`, stageName: SAM_HTTP_DEFAULT_STAGE_NAME };
  }
  if (typeof stageName !== 'string') return undefined;
  return { logicalId: `${apiId}${stageName.replace(/[^A-Za-z0-9]/g, '')}Stage`, stageName };
}

export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A plain object, not an intrinsic (`{ Ref }`, `{ Fn::If }`, …) that only deployment can resolve. */
export function isPlainObject(value: unknown): value is Record<string, any> {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return !(keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::')));
}
