import { IApiMetrics } from './api-metrics';
import { HttpApiMetrics } from './http-api-metrics';
import { RestApiMetrics } from './rest-api-metrics';
import { WebSocketApiMetrics } from './websocket-api-metrics';
import { ApiKind } from '../../common/api-kind';
import { ISecureApi } from '../../common/secure-api';

/** The metric factory for an API's kind: the one place that maps a kind to its names and dimensions. */
export function apiMetricsOf(api: ISecureApi): IApiMetrics {
  switch (api.apiKind) {
    case ApiKind.HTTP: return new HttpApiMetrics(api.apiId, api.stageName);
    case ApiKind.REST: return new RestApiMetrics(api.apiName, api.stageName);
    case ApiKind.WEBSOCKET: return new WebSocketApiMetrics(api.apiId, api.stageName);
  }
}
