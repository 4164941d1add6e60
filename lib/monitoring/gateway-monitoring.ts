import { CfnResource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlarmTopic } from './alarm-topic';
import { GATEWAY_ALARM_DEFAULTS } from './alarms/alarm-defaults';
import { AlarmDefaults, alarmPolicyProblems, AlarmPolicy, RateAlarmPolicy, resolveAlarmPolicy, ResolvedAlarmPolicy } from './alarms/alarm-policy';
import { GatewayAlarmFactory } from './alarms/gateway-alarm-factory';
import { AlarmStatusSummaryWidget } from './dashboard/alarm-status-summary-widget';
import { GatewayWidgetFactory, LabelledFunctionMetrics } from './dashboard/gateway-widget-factory';
import { IApiMetrics } from './metrics/api-metrics';
import { JwtAuthorizerMetrics } from './metrics/authorizer-metrics';
import { LambdaFunctionMetrics } from './metrics/lambda-function-metrics';
import { apiMetricsOf } from './metrics/secure-api-metrics';
import { WebAclMetrics } from './metrics/web-acl-metrics';
import { WebSocketApiMetrics } from './metrics/websocket-api-metrics';
import { AuthorizerMonitoringOptions, BackendMonitoringOptions, MonitorApiOptions, RouteMonitoringOptions, WebAclMonitoringOptions } from './monitor-api-options';
import { declaredRouteKeysOf, webAclOf } from './monitored-api';
import { GatewaySecurityInsights, monitoringSecurityInsights } from './security/gateway-security-insights';
import { ApiKind, apiKindName } from '../common/api-kind';
import { ISecureApi } from '../common/secure-api';
import { invalidProp, PropError, requireArgument, throwPropErrors } from '../common/validation';
import { checkReasonUnused, checkWeakeningReason, recordWeakening, Weakening } from '../common/weakening';
import { JwtAuthorizerFunction } from '../identity/jwt-authorizer-function';
import { GatewayWebAcl, IApiWebAcl } from '../waf/gateway-web-acl';

/** Properties of a {@link GatewayMonitoring}. */
export interface GatewayMonitoringProps {
  /**
   * Where alarm and OK notifications go.
   *
   * @default - a new AlarmTopic (KMS-encrypted, TLS only, only CloudWatch alarms of this account may publish)
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * The dashboard's name.
   *
   * @default - a name CloudFormation generates
   */
  readonly dashboardName?: string;

  /**
   * APIs to monitor with default options; call `monitorApi()` for options.
   *
   * @default - none
   */
  readonly apis?: ISecureApi[];
}

// The options of monitorApi and the other monitor methods are in monitor-api-options.ts; exported here too, as before the split.
export type {
  AuthorizerMonitoringOptions, BackendMonitoringOptions, MonitorApiOptions, RouteMonitoringOptions, WebAclMonitoringOptions,
} from './monitor-api-options';

/**
 * Alarms and a dashboard for one or more Portcullis APIs, with the Lambda functions and web ACLs around
 * them. Metric names and dimensions come from each API kind's metric factory, thresholds from one table
 * of defaults with per-alarm overrides, and every alarm notifies one SNS topic on alarm and on OK.
 *
 * The dashboard starts with the status of all its alarms, then one section per API.
 */
export class GatewayMonitoring extends Construct {
  /** The topic alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** The AlarmTopic created when no topic was given. */
  public readonly createdAlarmTopic?: AlarmTopic;
  /** The dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;

  private readonly alarmFactory: GatewayAlarmFactory;
  private readonly monitoredFunctions = new Set<lambda.IFunction>();
  private readonly monitoredApis = new Set<ISecureApi>();
  private readonly usedIds = new Set<string>();
  private insights?: GatewaySecurityInsights;

  constructor(scope: Construct, id: string, props: GatewayMonitoringProps = {}) {
    super(scope, id);
    if (props.alarmTopic) {
      this.alarmTopic = props.alarmTopic;
    } else {
      this.createdAlarmTopic = new AlarmTopic(this, 'AlarmTopic', { displayName: 'Portcullis gateway alarms' });
      this.alarmTopic = this.createdAlarmTopic.topic;
    }
    this.alarmFactory = new GatewayAlarmFactory(this.alarmTopic);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
    this.dashboard.addWidgets(new AlarmStatusSummaryWidget('Alarms', () => this.alarms));
    for (const api of props.apis ?? []) this.monitorApi(api);
  }

  /** Every alarm created so far. */
  public get alarms(): cloudwatch.Alarm[] {
    return [...this.alarmFactory.alarms, ...(this.insights?.alarms ?? [])];
  }

  /** The security insights of the monitored APIs, once an API has them. */
  public get securityInsights(): GatewaySecurityInsights | undefined {
    return this.insights;
  }

  /**
   * Alarms and a dashboard section for one API. Every problem with the options is reported in one error.
   *
   * @returns the alarms created for the API and the functions and web ACL given with it
   */
  public monitorApi(api: ISecureApi, options: MonitorApiOptions = {}): cloudwatch.Alarm[] {
    requireArgument(this, 'monitorApi(api)', api, 'pass the SecureHttpApi, SecureRestApi or SecureWebSocketApi to monitor');
    // Refused rather than ignored: a second call's options (thresholds, routes, backends) would either be
    // dropped silently or double every alarm, and with it every page.
    if (this.monitoredApis.has(api)) {
      invalidProp(this, 'monitorApi(api)', api.node.path, 'is already monitored here; a second call would create every alarm twice, and page twice',
        'monitor each API once, with all its options in that call (an API listed in `apis` is monitored with the defaults; call monitorApi(api, options) instead of listing it)');
    }
    options = options ?? {};
    const label = options.label ?? api.node.path;
    const metrics = apiMetricsOf(api);
    const webAcl = options.webAcl ?? webAclOf(api);
    const policies = this.apiPolicies(api, options);
    const security = monitoringSecurityInsights(this, this.dashboard.node.defaultChild as CfnResource, options.securityInsights);
    this.monitoredApis.add(api);
    this.checkRoutesExistAtSynth(api, options.routes ?? []);
    const before = this.alarms.length;
    const scope = new Construct(this, this.uniqueId(api.node.id));
    const where = `${apiKindName(api.apiKind)} ${label} (stage ${api.stageName})`;

    this.dashboard.addWidgets(...GatewayWidgetFactory.header(label, `${apiKindName(api.apiKind)}, stage \`${api.stageName}\``));
    this.dashboard.addWidgets(...GatewayWidgetFactory.traffic(metrics));
    this.dashboard.addWidgets(...GatewayWidgetFactory.latency(metrics));

    const f = this.alarmFactory;
    if (policies.serverErrorRate.enabled) {
      f.rateAlarm(scope, { id: 'ServerErrorRate', description: `${where}: server errors (${serverErrorName(api.apiKind)}) reached ${policies.serverErrorRate.threshold} % of requests. The backend or its integration is failing.` },
        metrics.metricServerErrors(), metrics.metricRequests(), policies.serverErrorRate);
    }
    if (policies.clientErrorRate.enabled) {
      f.rateAlarm(scope, { id: 'ClientErrorRate', description: `${where}: client errors (${clientErrorName(api.apiKind)}) reached ${policies.clientErrorRate.threshold} % of requests. A spike of 401/403 is an attack signal (credential stuffing, token guessing) or a broken client release.` },
        metrics.metricClientErrors(), metrics.metricRequests(), policies.clientErrorRate);
    }
    const latency = metrics.metricLatency();
    if (latency && policies.latencyP99.enabled) {
      f.thresholdAlarm(scope, { id: 'LatencyP99', description: `${where}: p99 latency reached ${policies.latencyP99.threshold} ms.` }, latency, policies.latencyP99);
    }
    if (policies.integrationLatencyP99.enabled) {
      f.thresholdAlarm(scope, { id: 'IntegrationLatencyP99', description: `${where}: p99 integration latency reached ${policies.integrationLatencyP99.threshold} ms. The backend is slow.` },
        metrics.metricIntegrationLatency(), policies.integrationLatencyP99);
    }
    if (metrics instanceof WebSocketApiMetrics && policies.executionErrors.enabled) {
      f.thresholdAlarm(scope, { id: 'ExecutionErrors', description: `${where}: ExecutionError reached ${policies.executionErrors.threshold} per period. API Gateway could not call the integration (permissions, throttling, timeouts).` },
        metrics.metricExecutionErrors(), policies.executionErrors);
    }
    if (policies.minimumTraffic.enabled) {
      f.minimumTrafficAlarm(scope, { id: 'MinimumTraffic', description: `${where}: fewer than ${policies.minimumTraffic.threshold} requests per period, or none at all. The API, its domain or its clients may be down.` },
        metrics.metricRequests(), policies.minimumTraffic);
    }
    this.routeAlarms(scope, metrics, options, where);

    const jwtAuthorizers = api.node.findAll().filter((c): c is JwtAuthorizerFunction => c instanceof JwtAuthorizerFunction);
    const authorizers: LabelledFunctionMetrics[] = [
      ...jwtAuthorizers.map((a) => this.authorizer(scope, a.function, new JwtAuthorizerMetrics(a), options.authorizerAlarms, 'options.authorizerAlarms', a.node.id)),
      ...(options.authorizers ?? []).map((fn) => this.authorizer(scope, fn, new LambdaFunctionMetrics(fn), options.authorizerAlarms, 'options.authorizerAlarms')),
    ].filter((a): a is LabelledFunctionMetrics => a !== undefined);
    if (authorizers.length > 0) this.dashboard.addWidgets(...GatewayWidgetFactory.authorizers(authorizers));

    if (webAcl) this.webAcl(scope, webAcl, label, options.webAclAlarms, 'options.webAclAlarms');

    const backends = (options.backends ?? [])
      .map((fn) => this.backend(scope, fn, options.backendAlarms, 'options.backendAlarms'))
      .filter((b): b is LabelledFunctionMetrics => b !== undefined);
    if (backends.length > 0) this.dashboard.addWidgets(...GatewayWidgetFactory.backends(backends));

    if (security) {
      this.insights ??= new GatewaySecurityInsights(this, 'SecurityInsights', { alarmTopic: this.alarmTopic, dashboard: this.dashboard });
      this.insights.addApi(api, { label, webAcl: webAcl instanceof GatewayWebAcl ? webAcl : undefined, ...security });
    }
    return this.alarms.slice(before);
  }

  /**
   * Error-rate and throttle alarms and a dashboard row for Lambda backends not given with an API.
   * A function already monitored is skipped.
   */
  public monitorBackends(functions: lambda.IFunction[], options: BackendMonitoringOptions = {}): cloudwatch.Alarm[] {
    requireArgument(this, 'monitorBackends(functions)', functions, 'pass the Lambda functions to monitor, e.g. [ordersFn]');
    const before = this.alarmFactory.alarms.length;
    const scope = new Construct(this, this.uniqueId('Backends'));
    const rows = functions.map((fn) => this.backend(scope, fn, options, 'options')).filter((b): b is LabelledFunctionMetrics => b !== undefined);
    if (rows.length > 0) {
      this.dashboard.addWidgets(...GatewayWidgetFactory.header('Backends', 'Lambda functions behind the APIs'));
      this.dashboard.addWidgets(...GatewayWidgetFactory.backends(rows));
    }
    return this.alarmFactory.alarms.slice(before);
  }

  /**
   * Error, throttle and (for the Lambda JWT authorizer) JWKS-unavailable alarms for an authorizer function
   * not found through an API.
   */
  public monitorJwtAuthorizer(authorizer: JwtAuthorizerFunction, options: AuthorizerMonitoringOptions = {}): cloudwatch.Alarm[] {
    requireArgument(this, 'monitorJwtAuthorizer(authorizer)', authorizer, 'pass the JwtAuthorizerFunction to monitor');
    const before = this.alarmFactory.alarms.length;
    const scope = new Construct(this, this.uniqueId(authorizer.node.id));
    const row = this.authorizer(scope, authorizer.function, new JwtAuthorizerMetrics(authorizer), options, 'options', authorizer.node.id);
    if (row) this.dashboard.addWidgets(...GatewayWidgetFactory.authorizers([row]));
    return this.alarmFactory.alarms.slice(before);
  }

  /** Error and throttle alarms for a Lambda authorizer function not given with an API. */
  public monitorLambdaAuthorizer(fn: lambda.IFunction, options: AuthorizerMonitoringOptions = {}): cloudwatch.Alarm[] {
    requireArgument(this, 'monitorLambdaAuthorizer(fn)', fn, 'pass the Lambda authorizer function to monitor');
    const before = this.alarmFactory.alarms.length;
    const scope = new Construct(this, this.uniqueId(functionLabel(fn)));
    const row = this.authorizer(scope, fn, new LambdaFunctionMetrics(fn), options, 'options');
    if (row) this.dashboard.addWidgets(...GatewayWidgetFactory.authorizers([row]));
    return this.alarmFactory.alarms.slice(before);
  }

  /**
   * A blocked-requests alarm and a dashboard row for a web ACL not given with an API (one in front of
   * several REST APIs, or a CloudFront distribution's in a us-east-1 stack).
   */
  public monitorWebAcl(webAcl: IApiWebAcl, options: WebAclMonitoringOptions = {}, label = 'web ACL'): cloudwatch.Alarm[] {
    requireArgument(this, 'monitorWebAcl(webAcl)', webAcl, 'pass the web ACL to monitor, e.g. a GatewayWebAcl');
    const before = this.alarmFactory.alarms.length;
    this.webAcl(new Construct(this, this.uniqueId(label)), webAcl, label, options, 'options');
    return this.alarmFactory.alarms.slice(before);
  }

  private apiPolicies(api: ISecureApi, options: MonitorApiOptions) {
    const checks: Array<() => void> = [];
    const switchedOff: Array<() => void> = [];
    const policy = (prop: string, defaults: AlarmDefaults, override?: RateAlarmPolicy,
      own: RateAlarmPolicy | undefined = override): ResolvedAlarmPolicy => {
      const resolved = resolveAlarmPolicy(defaults, override);
      if (resolved.enabled) checks.push(...policyChecks(this, `options.${prop}`, resolved, defaults));
      if (isSwitchedOff(defaults, own)) {
        checks.push(() => checkAlarmOffReason(this, `options.${prop}`, own!));
        switchedOff.push(() => this.recordAlarmOff(`options.${prop}`, own!));
      } else if (own?.offReason !== undefined) {
        checks.push(() => checkReasonUnused(this, `options.${prop}.offReason`, own.offReason, false, `options.${prop}.enabled: false (on an alarm that is on by default)`));
      }
      return resolved;
    };
    const d = GATEWAY_ALARM_DEFAULTS;
    const policies = {
      serverErrorRate: policy('serverErrorRate', d.serverErrorRate, options.serverErrorRate),
      clientErrorRate: policy('clientErrorRate', d.clientErrorRate, options.clientErrorRate),
      latencyP99: policy('latencyP99', d.latencyP99, options.latencyP99),
      integrationLatencyP99: policy('integrationLatencyP99', d.integrationLatencyP99, options.integrationLatencyP99),
      executionErrors: policy('executionErrors', d.executionErrors, options.executionErrors),
      minimumTraffic: policy('minimumTraffic', d.minimumTraffic, options.minimumTraffic),
    };
    // Checked now, with the rest, though their alarms are made per function below.
    policy('backendAlarms.errorRate', d.backendErrorRate, options.backendAlarms?.errorRate);
    policy('backendAlarms.throttles', d.backendThrottles, options.backendAlarms?.throttles);
    policy('authorizerAlarms.errors', d.authorizerErrors, options.authorizerAlarms?.errors);
    policy('authorizerAlarms.throttles', d.authorizerThrottles, options.authorizerAlarms?.throttles);
    policy('authorizerAlarms.jwksUnavailable', d.jwksUnavailable, options.authorizerAlarms?.jwksUnavailable);
    policy('webAclAlarms.blockedRequests', d.wafBlockedRequests, options.webAclAlarms?.blockedRequests);
    (options.routes ?? []).forEach((route, i) => {
      // Only a route's own `enabled: false` is its weakening; one inherited from the API's policy is the API's.
      policy(`routes[${i}].serverErrorRate`, d.serverErrorRate, { ...options.serverErrorRate, ...route.serverErrorRate }, route.serverErrorRate);
      policy(`routes[${i}].latencyP99`, d.latencyP99, { ...options.latencyP99, ...route.latencyP99 }, route.latencyP99);
    });
    if ((options.routes ?? []).length > 0) {
      checks.push(() => {
        if (api.apiKind === ApiKind.WEBSOCKET) {
          invalidProp(this, 'options.routes', options.routes!.map(routeLabel), 'per-route alarms are not offered for WebSocket APIs',
            'watch the stage-wide alarms, or build your own from the route dimensions of WebSocketApiMetrics');
        }
        if (!api.detailedMetricsEnabled) {
          invalidProp(this, 'options.routes', options.routes!.map(routeLabel),
            `${api.node.path} has no detailed metrics, so API Gateway sends no per-route datapoints and these alarms could never fire`,
            'set `detailedMetrics: true` on the API (billed per metric), or drop `routes`');
        }
      });
    }
    if (options.webAcl && api.apiKind !== ApiKind.REST) {
      checks.push(() => invalidProp(this, 'options.webAcl', options.webAcl!.webAclArn, `${apiKindName(api.apiKind)}s cannot be associated with a web ACL, so it sees none of this API's requests`,
        'leave `webAcl` out, or monitor the web ACL with the REST API it protects'));
    }
    throwPropErrors(checks);
    switchedOff.forEach((record) => record());
    return policies;
  }

  /**
   * A per-route alarm on a route the API does not have could never fire. Checked at synth, since routes
   * may be added after monitorApi; only for Portcullis APIs, whose routes are known.
   */
  private checkRoutesExistAtSynth(api: ISecureApi, routes: RouteMonitoringOptions[]): void {
    if (routes.length === 0) return;
    this.node.addValidation({
      validate: () => {
        const keys = declaredRouteKeysOf(api);
        if (!keys) return [];
        const missing = routes.map(routeLabel).filter((label) => !keys.includes(label));
        if (missing.length === 0) return [];
        return [new PropError(this, 'options.routes', missing,
          `${api.node.path} has no ${missing.length > 1 ? 'such routes' : 'such route'}, so ${missing.length > 1 ? 'their alarms' : 'its alarms'} could never fire (its routes: ${keys.length > 0 ? keys.join(', ') : 'none'})`,
          'name a route as the API spells it: the method in capitals and the path, e.g. { method: \'GET\', resource: \'/orders/{id}\' }').detail];
      },
    });
  }

  private routeAlarms(scope: Construct, metrics: IApiMetrics, options: MonitorApiOptions, where: string): void {
    (options.routes ?? []).forEach((route, i) => {
      const dims = metrics.routeDimensions(route.method.toUpperCase(), route.resource);
      const routeScope = new Construct(scope, `Route${i}`);
      const errorPolicy = resolveAlarmPolicy(GATEWAY_ALARM_DEFAULTS.serverErrorRate, { ...options.serverErrorRate, ...route.serverErrorRate });
      const latencyPolicy = resolveAlarmPolicy(GATEWAY_ALARM_DEFAULTS.latencyP99, { ...options.latencyP99, ...route.latencyP99 });
      const sample = metrics.metricServerErrors();
      const routeMetric = (m: cloudwatch.Metric) => new cloudwatch.Metric({
        namespace: m.namespace, metricName: m.metricName, statistic: m.statistic, period: m.period, dimensionsMap: dims,
      });
      const requests = metrics.metricRequests();
      const at = `${where}, route ${route.method.toUpperCase()} ${route.resource}`;
      if (errorPolicy.enabled && requests instanceof cloudwatch.Metric) {
        this.alarmFactory.rateAlarm(routeScope, { id: 'ServerErrorRate', description: `${at}: server errors reached ${errorPolicy.threshold} % of requests.` },
          routeMetric(sample), routeMetric(requests), errorPolicy);
      }
      const latency = metrics.metricLatency();
      if (latency && latencyPolicy.enabled) {
        this.alarmFactory.thresholdAlarm(routeScope, { id: 'LatencyP99', description: `${at}: p99 latency reached ${latencyPolicy.threshold} ms.` }, routeMetric(latency), latencyPolicy);
      }
    });
  }

  private authorizer(scope: Construct, fn: lambda.IFunction, metrics: LambdaFunctionMetrics, options: AuthorizerMonitoringOptions = {},
    prop: string, label = functionLabel(fn)): LabelledFunctionMetrics | undefined {
    if (this.monitoredFunctions.has(fn)) return undefined;
    this.monitoredFunctions.add(fn);
    const d = GATEWAY_ALARM_DEFAULTS;
    const errors = this.checkedPolicy(`${prop}.errors`, d.authorizerErrors, options.errors);
    const throttles = this.checkedPolicy(`${prop}.throttles`, d.authorizerThrottles, options.throttles);
    const jwks = this.checkedPolicy(`${prop}.jwksUnavailable`, d.jwksUnavailable, options.jwksUnavailable);
    const id = this.uniqueId(`Authorizer${label}`);
    const at = `Authorizer function ${fn.node.path}`;
    if (errors.enabled) {
      // The JWT authorizer ends 401 answers with the error `Unauthorized`: only the rest are failures.
      const failures = metrics instanceof JwtAuthorizerMetrics ? metrics.metricFailures() : metrics.metricErrors();
      this.alarmFactory.thresholdAlarm(scope, { id: `${id}Errors`, description: `${at}: ${errors.threshold} or more errors per period. A failing authorizer denies every caller.` }, failures, errors);
    }
    if (throttles.enabled) {
      this.alarmFactory.thresholdAlarm(scope, { id: `${id}Throttles`, description: `${at}: throttled ${throttles.threshold} or more times per period; callers are denied. Raise its concurrency.` }, metrics.metricThrottles(), throttles);
    }
    if (metrics instanceof JwtAuthorizerMetrics && jwks.enabled) {
      this.alarmFactory.thresholdAlarm(scope, { id: `${id}JwksUnavailable`, description: `${at}: ${jwks.threshold} or more denials because an issuer's JWKS was unreachable, slow or invalid (not the callers' fault).` },
        metrics.metricJwksUnavailable(), jwks);
    }
    return { label, metrics };
  }

  private backend(scope: Construct, fn: lambda.IFunction, options: BackendMonitoringOptions = {}, prop: string): LabelledFunctionMetrics | undefined {
    if (this.monitoredFunctions.has(fn)) return undefined;
    this.monitoredFunctions.add(fn);
    const d = GATEWAY_ALARM_DEFAULTS;
    const errorRate = this.checkedPolicy(`${prop}.errorRate`, d.backendErrorRate, options.errorRate);
    const throttles = this.checkedPolicy(`${prop}.throttles`, d.backendThrottles, options.throttles);
    const metrics = new LambdaFunctionMetrics(fn);
    const label = functionLabel(fn);
    const id = this.uniqueId(`Backend${label}`);
    const at = `Backend function ${fn.node.path}`;
    if (errorRate.enabled) {
      this.alarmFactory.rateAlarm(scope, { id: `${id}ErrorRate`, description: `${at}: errors reached ${errorRate.threshold} % of invocations.` },
        metrics.metricErrors(), metrics.metricInvocations(), errorRate);
    }
    if (throttles.enabled) {
      this.alarmFactory.thresholdAlarm(scope, { id: `${id}Throttles`, description: `${at}: throttled ${throttles.threshold} or more times per period; the API answers those requests with 5XX.` },
        metrics.metricThrottles(), throttles);
    }
    return { label, metrics };
  }

  private webAcl(scope: Construct, webAcl: IApiWebAcl, label: string, options: WebAclMonitoringOptions = {}, prop: string): void {
    const blocked = this.checkedPolicy(`${prop}.blockedRequests`, GATEWAY_ALARM_DEFAULTS.wafBlockedRequests, options.blockedRequests);
    const metrics = new WebAclMetrics(this, webAcl);
    if (blocked.enabled) {
      this.alarmFactory.thresholdAlarm(scope, { id: 'WafBlockedRequests', description: `Web ACL of ${label}: ${blocked.threshold} or more blocked requests per period. An attack, or a rule that blocks real clients: see the web ACL's sampled requests.` },
        metrics.metricBlockedRequests(), blocked);
    }
    this.dashboard.addWidgets(...GatewayWidgetFactory.webAcl(label, metrics));
  }

  private checkedPolicy(prop: string, defaults: AlarmDefaults, override?: RateAlarmPolicy): ResolvedAlarmPolicy {
    const resolved = resolveAlarmPolicy(defaults, override);
    if (resolved.enabled) throwPropErrors(policyChecks(this, prop, resolved, defaults));
    if (isSwitchedOff(defaults, override)) {
      throwPropErrors([() => checkAlarmOffReason(this, prop, override!)]);
      this.recordAlarmOff(prop, override!);
    } else if (override?.offReason !== undefined) {
      checkReasonUnused(this, `${prop}.offReason`, override.offReason, false, `${prop}.enabled: false (on an alarm that is on by default)`);
    }
    return resolved;
  }

  /** An alarm that is on by default, turned off with a reason: recorded on the dashboard, where its metric still shows. */
  private recordAlarmOff(prop: string, policy: AlarmPolicy): void {
    recordWeakening(this.dashboard.node.defaultChild as CfnResource, alarmOffWeakening(prop), policy.offReason!);
  }

  private uniqueId(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9]/g, '') || 'Item';
    let id = clean;
    for (let n = 2; this.usedIds.has(id); n++) id = `${clean}${n}`;
    this.usedIds.add(id);
    return id;
  }
}

/** True when the policy turns off an alarm that is on by default. */
function isSwitchedOff(defaults: AlarmDefaults, policy: AlarmPolicy | undefined): boolean {
  return defaults.enabled && policy?.enabled === false;
}

function alarmOffWeakening(prop: string): Weakening {
  return {
    setting: `${prop}.enabled: false`,
    reasonProp: `${prop}.offReason`,
    consequence: 'no alarm, and no notification, when this metric breaches its default threshold',
    rules: [],
  };
}

function checkAlarmOffReason(scope: Construct, prop: string, policy: AlarmPolicy): void {
  checkWeakeningReason(scope, alarmOffWeakening(prop), policy.offReason, 'Watched by the on-call SLO burn-rate alarm on the same metric');
}

function policyChecks(scope: Construct, prop: string, policy: ResolvedAlarmPolicy, defaults: AlarmDefaults): Array<() => void> {
  return alarmPolicyProblems(policy, defaults.thresholdKind).map((p) => () => invalidProp(scope, `${prop}.${p.field}`, p.value, p.problem, p.fix));
}

/**
 * A function's name on the dashboard: its construct id, or its parent's when the id is the generic
 * `Function` that wrappers such as SecureFunction give the function inside them.
 */
function functionLabel(fn: lambda.IFunction): string {
  const parent = fn.node.scope;
  return fn.node.id === 'Function' && parent && parent.node.id ? parent.node.id : fn.node.id;
}

function routeLabel(route: RouteMonitoringOptions): string {
  return `${typeof route.method === 'string' ? route.method.toUpperCase() : route.method} ${route.resource}`;
}

function serverErrorName(kind: ApiKind): string {
  return { HTTP: '5xx', REST: '5XXError', WEBSOCKET: 'IntegrationError' }[kind];
}

function clientErrorName(kind: ApiKind): string {
  return { HTTP: '4xx', REST: '4XXError', WEBSOCKET: 'ClientError' }[kind];
}
