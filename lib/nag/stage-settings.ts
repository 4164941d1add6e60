import { listValue, objectValue } from './intrinsics';
import { ResourceView } from './resource-view';

/**
 * The settings of an API Gateway stage, whichever resource declares it.
 *
 * A REST stage is declared by `AWS::ApiGateway::Stage` or by the
 * `StageDescription` of an `AWS::ApiGateway::Deployment`; an HTTP or WebSocket
 * stage by `AWS::ApiGatewayV2::Stage`. Rules read the same view for all three.
 */
export interface RestStageView {
  /** The `RestApiId` property as resolved. */
  readonly restApiId: unknown;
  /** The `StageName` property as resolved. */
  readonly stageName: unknown;
  /** Logical id of the `AWS::ApiGateway::Stage` (its `Ref` is the stage name); undefined for a deployment. */
  readonly stageLogicalId?: string;
  /**
   * `MethodSettings` entries; for a deployment's `StageDescription` the stage-wide
   * throttling, data-trace, logging, metrics and caching settings come first as an entry for `*` `/*`.
   * 'unresolved' when the list itself is an intrinsic.
   */
  readonly methodSettings: ReadonlyArray<Record<string, unknown> | 'unresolved'> | 'unresolved';
  /** The `AccessLogSetting` property as resolved (undefined when absent). */
  readonly accessLogSetting: unknown;
  /** The `TracingEnabled` property as resolved (undefined when absent). */
  readonly tracingEnabled?: unknown;
  /** The `CacheClusterEnabled` property as resolved (undefined when absent). */
  readonly cacheClusterEnabled?: unknown;
}

export const REST_STAGE = 'AWS::ApiGateway::Stage';
export const REST_DEPLOYMENT = 'AWS::ApiGateway::Deployment';
export const V2_STAGE = 'AWS::ApiGatewayV2::Stage';

/**
 * The access-log settings of the stage a resource declares (an HTTP/WebSocket stage's `AccessLogSettings`, a REST
 * stage's or deployment's `AccessLogSetting`), or `'not-a-stage'` when it declares none.
 */
export function accessLogSettingsOf(resource: ResourceView): unknown {
  if (resource.type === V2_STAGE) return resource.properties.AccessLogSettings;
  const stage = restStageOf(resource);
  return stage === undefined ? NOT_A_STAGE : stage.accessLogSetting;
}

/** What {@link accessLogSettingsOf} returns for a resource that declares no stage. */
export const NOT_A_STAGE = 'not-a-stage';

/** The REST stage a resource declares, or undefined if it declares none. */
export function restStageOf(resource: ResourceView): RestStageView | undefined {
  if (resource.type === REST_STAGE) {
    const p = resource.properties;
    return {
      restApiId: p.RestApiId,
      stageName: p.StageName,
      stageLogicalId: resource.logicalId,
      methodSettings: entries(p.MethodSettings),
      accessLogSetting: p.AccessLogSetting,
      tracingEnabled: p.TracingEnabled,
      cacheClusterEnabled: p.CacheClusterEnabled,
    };
  }
  if (resource.type === REST_DEPLOYMENT) {
    const p = resource.properties;
    if (p.StageDescription === undefined) {
      // A deployment with a StageName and no StageDescription still creates that stage, with every setting off.
      if (p.StageName === undefined) return undefined;
      return {
        restApiId: p.RestApiId,
        stageName: p.StageName,
        methodSettings: [],
        accessLogSetting: undefined,
        tracingEnabled: undefined,
        cacheClusterEnabled: undefined,
      };
    }
    const description = objectValue(p.StageDescription);
    if (description === 'unresolved' || description === undefined) {
      return {
        restApiId: p.RestApiId,
        stageName: p.StageName,
        methodSettings: 'unresolved',
        accessLogSetting: 'unresolved',
        tracingEnabled: 'unresolved',
        cacheClusterEnabled: 'unresolved',
      };
    }
    const listed = entries(description.MethodSettings);
    const stageWide: Record<string, unknown> = {
      HttpMethod: '*',
      ResourcePath: '/*',
      ThrottlingRateLimit: description.ThrottlingRateLimit,
      ThrottlingBurstLimit: description.ThrottlingBurstLimit,
      DataTraceEnabled: description.DataTraceEnabled,
      LoggingLevel: description.LoggingLevel,
      MetricsEnabled: description.MetricsEnabled,
      CachingEnabled: description.CachingEnabled,
      CacheDataEncrypted: description.CacheDataEncrypted,
      CacheTtlInSeconds: description.CacheTtlInSeconds,
    };
    return {
      restApiId: p.RestApiId,
      stageName: p.StageName,
      methodSettings: listed === 'unresolved' ? 'unresolved' : [stageWide, ...listed],
      accessLogSetting: description.AccessLogSetting,
      tracingEnabled: description.TracingEnabled,
      cacheClusterEnabled: description.CacheClusterEnabled,
    };
  }
  return undefined;
}

function entries(value: unknown): ReadonlyArray<Record<string, unknown> | 'unresolved'> | 'unresolved' {
  const list = listValue(value);
  if (list === 'unresolved') return 'unresolved';
  return (list ?? []).map((item) => {
    const entry = objectValue(item);
    return entry === undefined ? 'unresolved' : entry;
  });
}

/** How a search of a stage's `MethodSettings` ended. */
export type MethodSettingsSearch = 'found' | 'not-found' | 'unresolved';

/**
 * Whether some `MethodSettings` entry of the stage satisfies `matches`.
 *
 * An entry that cannot be read, or for which `matches` returns 'unresolved', might be the
 * one sought, so the search ends 'unresolved' unless another entry matches.
 */
export function searchMethodSettings(
  stage: RestStageView,
  matches: (setting: Record<string, unknown>) => boolean | 'unresolved',
): MethodSettingsSearch {
  if (stage.methodSettings === 'unresolved') return 'unresolved';
  let sawUnresolved = false;
  for (const setting of stage.methodSettings) {
    const result = setting === 'unresolved' ? 'unresolved' : matches(setting);
    if (result === true) return 'found';
    if (result === 'unresolved') sawUnresolved = true;
  }
  return sawUnresolved ? 'unresolved' : 'not-found';
}

/** Whether a `MethodSettings` entry applies to every method of the stage (`*` on `/*`). */
export function isStageWide(setting: Record<string, unknown>): boolean {
  return setting.HttpMethod === '*' && setting.ResourcePath === '/*';
}
