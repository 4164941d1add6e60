import { CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { accessLogRolesOf } from './access-log-roles';
import { ContributorInsightRules } from './contributor-insight-rules';
import { DenialRateMetric } from './denial-rate-metric';
import { accessLogRuleSpecs, wafLogRuleSpecs } from './insight-rule-specs';
import { SavedQueries } from './saved-queries';
import { savedQuerySpecs } from './saved-query-specs';
import { AnomalyAlarmDefaults, SECURITY_ALARM_DEFAULTS } from './security-insights-defaults';
import { SecuritySignal } from './security-signal';
import { SecurityWidgetFactory } from './security-widgets';
import { singleCallerMetric } from './single-caller-metric';
import { ApiKind, apiKindName } from '../../common/api-kind';
import { ISecureApi } from '../../common/secure-api';
import { invalidProp, isUnresolved, requireArgument, throwPropErrors } from '../../common/validation';
import { checkReasonUnused, checkWeakeningReason, recordWeakening, Weakening } from '../../common/weakening';
import { GatewayWebAcl } from '../../waf/gateway-web-acl';
import { AlarmTopic } from '../alarm-topic';
import { AlarmDefaults, AlarmPolicy, alarmPolicyProblems, resolveAlarmPolicy, ThresholdKind } from '../alarms/alarm-policy';
import { GatewayAlarmFactory } from '../alarms/gateway-alarm-factory';
import { apiMetricsOf } from '../metrics/secure-api-metrics';
import { webAclOf } from '../monitored-api';

/**
 * When an anomaly-detection alarm goes off: the width of the band CloudWatch learns from the metric's
 * own history, and how many periods must rise above it. Fields left out keep the default.
 */
export interface AnomalyAlarmPolicy {
  /**
   * Create this alarm.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Why the alarm is turned off (`enabled: false`), at least 10 characters. Recorded on the API's
   * first security-insights resource (metadata `Portcullis::Weakenings`).
   *
   * @default - turning the alarm off is refused
   */
  readonly offReason?: string;

  /**
   * The band's width in standard deviations: wider pages less often. More than 0.
   *
   * @default 3
   */
  readonly bandWidth?: number;

  /**
   * One evaluation period, whole minutes.
   *
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;

  /**
   * Periods evaluated.
   *
   * @default 3
   */
  readonly evaluationPeriods?: number;

  /**
   * Periods above the band needed to alarm (M of N).
   *
   * @default 2
   */
  readonly datapointsToAlarm?: number;
}

/** The security insights of one API. Every field has a default (README, "Security insights"). */
export interface ApiSecurityInsightsOptions {
  /**
   * The name shown on the dashboard, in alarm descriptions and in the saved queries' folder.
   *
   * @default - the API's construct path
   */
  readonly label?: string;

  /**
   * The Contributor Insights rules to create (each is billed per month and per matched log event). Leaving
   * out `DENIED_BY_SOURCE_IP` leaves the API without a denial signal, which `Portcullis-DenialSignal`
   * reports, and without the `deniedBySourceIp` alarm; leaving out `THROTTLED_BY_SOURCE_IP` drops the
   * `throttledBySourceIp` alarm.
   *
   * @default - every signal; the WAF_* signals for a REST API behind a GatewayWebAcl
   */
  readonly signals?: SecuritySignal[];

  /**
   * One source IP's denied requests (401/403) per period.
   *
   * @default - ≥ 50 per minute, 2 of 3 minutes
   */
  readonly deniedBySourceIp?: AlarmPolicy;

  /**
   * One source IP's throttled requests (429) per period.
   *
   * @default - ≥ 300 per minute, 2 of 3 minutes
   */
  readonly throttledBySourceIp?: AlarmPolicy;

  /**
   * The share of requests denied (401/403) rising above its anomaly band. Adds one custom metric
   * (a metric filter on the access-log group).
   *
   * @default - above a band of 3 standard deviations, 2 of 3 periods of 5 minutes
   */
  readonly denialRateAnomaly?: AnomalyAlarmPolicy;

  /**
   * The API's 4XX count (WebSocket: `ClientError`) rising above its anomaly band.
   *
   * @default - above a band of 3 standard deviations, 2 of 3 periods of 5 minutes
   */
  readonly clientErrorAnomaly?: AnomalyAlarmPolicy;

  /**
   * The web ACL in front of the API, whose log group the WAF_* rules read (REST only).
   *
   * @default - the SecureRestApi's web ACL, when it is a GatewayWebAcl
   */
  readonly webAcl?: GatewayWebAcl;
}

/** Properties of {@link GatewaySecurityInsights}. */
export interface GatewaySecurityInsightsProps {
  /**
   * Where alarm and OK notifications go.
   *
   * @default - a new AlarmTopic
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * A dashboard to add each API's security section to.
   *
   * @default - no dashboard (GatewayMonitoring passes its own)
   */
  readonly dashboard?: cloudwatch.Dashboard;

  /**
   * APIs to watch with the default options; call `addApi()` for options.
   *
   * @default - none
   */
  readonly apis?: ISecureApi[];
}

const SIGNAL_ALARMS = [
  { prop: 'deniedBySourceIp', signal: SecuritySignal.DENIED_BY_SOURCE_IP, what: 'denied requests (401/403)', meaning: 'Credential stuffing or token probing from one address: see the saved query "Every request from an IP".' },
  { prop: 'throttledBySourceIp', signal: SecuritySignal.THROTTLED_BY_SOURCE_IP, what: 'throttled requests (429)', meaning: 'One address is flooding the API: consider a WAF rate rule or blocking it.' },
] as const;

const ACCESS_SIGNALS = new Set<SecuritySignal>(accessLogRuleSpecs(accessLogRolesOf(ApiKind.HTTP)).map((s) => s.signal));
const WAF_SIGNALS = new Set<SecuritySignal>(wafLogRuleSpecs().map((s) => s.signal));

/**
 * Security signals from the gateway's own logs, for one or more Portcullis APIs: who is probing, from
 * where, and an alarm when one caller does it.
 *
 * For each API: Contributor Insights rules over its JSON access-log group (top source IPs by denied,
 * throttled and 404 requests, top principals by denied requests, top routes by 5XX) and, for a REST API
 * behind a GatewayWebAcl, over the web ACL's log group (top blocked IPs, rules and countries); alarms
 * when one source IP exceeds a count of denied or throttled requests per minute (`INSIGHT_RULE_METRIC`);
 * anomaly-detection alarms on the denied share of requests and the 4XX count; and saved Logs Insights
 * queries for incident response. Every field the rules and queries read comes from the kind's one
 * access-log field table. Alarms notify one topic on alarm and on OK; missing data never breaches.
 */
export class GatewaySecurityInsights extends Construct {
  /** The topic alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** The Contributor Insights rules created so far. */
  public readonly insightRules: cloudwatch.CfnInsightRule[] = [];
  /** The saved Logs Insights queries created so far. */
  public readonly queryDefinitions: CfnResource[] = [];

  private readonly alarmFactory: GatewayAlarmFactory;
  private readonly action: cloudwatch.IAlarmAction;
  private readonly anomalyAlarms: cloudwatch.Alarm[] = [];
  private readonly dashboard?: cloudwatch.Dashboard;
  private readonly watchedApis = new Set<ISecureApi>();
  private readonly wafRules = new Map<GatewayWebAcl, ContributorInsightRules>();
  private readonly usedIds = new Set<string>();

  constructor(scope: Construct, id: string, props: GatewaySecurityInsightsProps = {}) {
    super(scope, id);
    this.alarmTopic = props.alarmTopic ?? new AlarmTopic(this, 'AlarmTopic', { displayName: 'Portcullis security alarms' }).topic;
    this.alarmFactory = new GatewayAlarmFactory(this.alarmTopic);
    this.action = new cloudwatchActions.SnsAction(this.alarmTopic);
    this.dashboard = props.dashboard;
    for (const api of props.apis ?? []) this.addApi(api);
  }

  /** Every alarm created so far. */
  public get alarms(): cloudwatch.Alarm[] {
    return [...this.alarmFactory.alarms, ...this.anomalyAlarms];
  }

  /**
   * Rules, alarms, saved queries and a dashboard section for one API. Every problem with the options is
   * reported in one error.
   *
   * @returns the alarms created for the API
   */
  public addApi(api: ISecureApi, options: ApiSecurityInsightsOptions = {}): cloudwatch.Alarm[] {
    requireArgument(this, 'addApi(api)', api, 'pass the SecureHttpApi, SecureRestApi or SecureWebSocketApi to watch');
    options = options ?? {};
    if (this.watchedApis.has(api)) {
      invalidProp(this, 'addApi(api)', api.node.path, 'is already watched here; a second call would create every rule and alarm twice',
        'add each API once, with all its options in that call');
    }
    const before = this.alarms.length;
    const label = options.label ?? api.node.path;
    const webAcl = options.webAcl ?? gatewayWebAclOf(api);
    const signals = new Set(options.signals ?? [...ACCESS_SIGNALS, ...WAF_SIGNALS]);
    const policies = this.checkOptions(api, options);
    this.watchedApis.add(api);

    const roles = accessLogRolesOf(api.apiKind);
    const scope = new Construct(this, this.uniqueId(api.node.id));
    const where = `${apiKindName(api.apiKind)} ${label} (stage ${api.stageName})`;
    const region = Stack.of(this).region;

    const accessSpecs = accessLogRuleSpecs(roles).filter((s) => signals.has(s.signal));
    const accessRules = new ContributorInsightRules(scope, 'AccessLogRules', api.logGroup.logGroupName, accessSpecs);
    this.insightRules.push(...accessRules.rules.values());
    const wafSpecs = wafLogRuleSpecs().filter((s) => signals.has(s.signal));
    const newWafRules = webAcl && wafSpecs.length > 0 && !this.wafRules.has(webAcl)
      ? new ContributorInsightRules(scope, 'WafLogRules', webAcl.logGroup.logGroupName, wafSpecs) : undefined;
    if (webAcl && newWafRules) {
      this.wafRules.set(webAcl, newWafRules);
      this.insightRules.push(...newWafRules.rules.values());
    }
    const queries = new SavedQueries(scope, 'SavedQueries', label, api.logGroup.logGroupName, savedQuerySpecs(roles));
    this.queryDefinitions.push(...queries.queryDefinitions);
    const anchor: CfnResource = accessRules.rules.get(SecuritySignal.DENIED_BY_SOURCE_IP) ?? queries.queryDefinitions[0];

    for (const { prop, signal, what, meaning } of SIGNAL_ALARMS) {
      const policy = policies[prop];
      const rule = accessRules.rules.get(signal);
      if (policy.switchedOff) recordWeakening(anchor, alarmOffWeakening(prop), options[prop]!.offReason!);
      if (!policy.resolved.enabled || !rule) continue;
      const minutes = policy.resolved.period.toMinutes();
      const alarm = this.alarmFactory.thresholdAlarm(scope, {
        id: `${rule.node.id}Alarm`,
        description: `${where}: one source IP sent ${policy.resolved.threshold} or more ${what} in ${minutes === 1 ? 'a minute' : `${minutes} minutes`}. ${meaning} The top contributors are on the rule ${rule.ruleName}.`,
      }, singleCallerMetric(rule.ruleName, policy.resolved.period, `Top source IP: ${what}`), policy.resolved);
      alarm.node.addDependency(rule);
    }

    const bands: Array<{ title: string; metric: cloudwatch.IMetric; bandWidth: number }> = [];
    const denial = policies.denialRateAnomaly;
    if (denial.switchedOff) recordWeakening(anchor, alarmOffWeakening('denialRateAnomaly'), options.denialRateAnomaly!.offReason!);
    if (denial.resolved.enabled) {
      const metric = new DenialRateMetric(scope, 'DenialRate', api.logGroup, roles).metric(denial.resolved.period);
      this.anomalyAlarm(scope, 'DenialRateAnomaly', `${where}: the share of requests denied (401/403) rose above the band learned from this API's traffic. Credential stuffing, token probing, or a client release that lost its credentials: see the saved query "Denials (401/403) by route".`, metric, denial.resolved);
      bands.push({ title: 'Denied share of requests, with expected band', metric, bandWidth: denial.resolved.bandWidth });
    }
    const clientErrors = policies.clientErrorAnomaly;
    if (clientErrors.switchedOff) recordWeakening(anchor, alarmOffWeakening('clientErrorAnomaly'), options.clientErrorAnomaly!.offReason!);
    if (clientErrors.resolved.enabled) {
      const metric = apiMetricsOf(api).metricClientErrors({ period: clientErrors.resolved.period, label: api.apiKind === ApiKind.WEBSOCKET ? 'ClientError' : '4XX' });
      this.anomalyAlarm(scope, 'ClientErrorAnomaly', `${where}: client errors rose above the band learned from this API's traffic. Probing (404), denials (401/403) or throttling (429): see the Contributor Insights rules of this API.`, metric, clientErrors.resolved);
      bands.push({ title: `${api.apiKind === ApiKind.WEBSOCKET ? 'ClientError' : '4XX'} count, with expected band`, metric, bandWidth: clientErrors.resolved.bandWidth });
    }

    if (this.dashboard) {
      const ruleWidgets = (rules: ContributorInsightRules | undefined, specs: typeof accessSpecs) =>
        specs.filter((s) => rules?.rules.has(s.signal)).map((s) => ({ title: s.title, ruleName: rules!.rules.get(s.signal)!.ruleName }));
      this.dashboard.addWidgets(...SecurityWidgetFactory.header(label));
      const contributors = [...ruleWidgets(accessRules, accessSpecs), ...ruleWidgets(newWafRules, wafSpecs)];
      for (let i = 0; i < contributors.length; i += 3) {
        this.dashboard.addWidgets(...SecurityWidgetFactory.contributors(contributors.slice(i, i + 3), region));
      }
      if (bands.length > 0) this.dashboard.addWidgets(...SecurityWidgetFactory.anomalyBands(bands));
      this.dashboard.addWidgets(...SecurityWidgetFactory.savedQueries(queries.folder, savedQuerySpecs(roles).map((q) => q.title), region));
    }
    return this.alarms.slice(before);
  }

  private anomalyAlarm(scope: Construct, id: string, description: string, metric: cloudwatch.Metric, policy: ResolvedAnomalyPolicy): void {
    const alarm = new cloudwatch.AnomalyDetectionAlarm(scope, id, {
      metric,
      stdDevs: policy.bandWidth,
      evaluationPeriods: policy.evaluationPeriods,
      datapointsToAlarm: policy.datapointsToAlarm,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.anomalyAlarms.push(alarm);
  }

  private checkOptions(api: ISecureApi, options: ApiSecurityInsightsOptions) {
    const checks: Array<() => void> = [];
    const d = SECURITY_ALARM_DEFAULTS;
    const threshold = (prop: 'deniedBySourceIp' | 'throttledBySourceIp', defaults: AlarmDefaults) => {
      const own = options[prop];
      const resolved = resolveAlarmPolicy(defaults, own);
      if (resolved.enabled) {
        checks.push(...alarmPolicyProblems(resolved, ThresholdKind.COUNT).map((p) => () => invalidProp(this, `options.${prop}.${p.field}`, p.value, p.problem, p.fix)));
      }
      return { resolved, switchedOff: this.offChecks(checks, prop, own) };
    };
    const anomaly = (prop: 'denialRateAnomaly' | 'clientErrorAnomaly', defaults: AnomalyAlarmDefaults) => {
      const own = options[prop] ?? {};
      const resolved: ResolvedAnomalyPolicy = {
        enabled: own.enabled ?? defaults.enabled,
        bandWidth: own.bandWidth ?? defaults.bandWidth,
        period: own.period ?? defaults.period,
        evaluationPeriods: own.evaluationPeriods ?? defaults.evaluationPeriods,
        datapointsToAlarm: own.datapointsToAlarm
          ?? (own.evaluationPeriods !== undefined ? Math.min(defaults.datapointsToAlarm, own.evaluationPeriods) : defaults.datapointsToAlarm),
      };
      if (resolved.enabled) {
        const problems = alarmPolicyProblems({ ...resolved, threshold: 1, minRequests: 1 }, ThresholdKind.COUNT);
        checks.push(...problems.map((p) => () => invalidProp(this, `options.${prop}.${p.field}`, p.value, p.problem, p.fix)));
        checks.push(() => {
          if (!isUnresolved(resolved.bandWidth) && !(typeof resolved.bandWidth === 'number' && resolved.bandWidth > 0 && Number.isFinite(resolved.bandWidth))) {
            invalidProp(this, `options.${prop}.bandWidth`, resolved.bandWidth, 'the band is a number of standard deviations, more than 0', 'e.g. 3 (the default); 2 pages more often, 4 less');
          }
        });
      }
      return { resolved, switchedOff: this.offChecks(checks, prop, options[prop]) };
    };
    const policies = {
      deniedBySourceIp: threshold('deniedBySourceIp', d.deniedBySourceIp),
      throttledBySourceIp: threshold('throttledBySourceIp', d.throttledBySourceIp),
      denialRateAnomaly: anomaly('denialRateAnomaly', d.denialRateAnomaly),
      clientErrorAnomaly: anomaly('clientErrorAnomaly', d.clientErrorAnomaly),
    };
    if (options.webAcl && api.apiKind !== ApiKind.REST) {
      checks.push(() => invalidProp(this, 'options.webAcl', options.webAcl!.node.path, `${apiKindName(api.apiKind)}s cannot be associated with a web ACL, so its log holds none of this API's requests`,
        'leave `webAcl` out, or give it with the REST API it protects'));
    }
    for (const signal of options.signals ?? []) {
      if (!isUnresolved(signal) && !ACCESS_SIGNALS.has(signal) && !WAF_SIGNALS.has(signal)) {
        checks.push(() => invalidProp(this, 'options.signals', signal, 'is not a SecuritySignal', 'list members of SecuritySignal, e.g. SecuritySignal.DENIED_BY_SOURCE_IP'));
      }
    }
    throwPropErrors(checks);
    return policies;
  }

  /** Checks the reason of an alarm turned off; true when it is (and the reason will be recorded). */
  private offChecks(checks: Array<() => void>, prop: string, own: { enabled?: boolean; offReason?: string } | undefined): boolean {
    if (own?.enabled === false) {
      checks.push(() => checkWeakeningReason(this, alarmOffWeakening(prop), own.offReason, 'Watched by the SOC\'s own detection on the same access logs'));
      return true;
    }
    if (own?.offReason !== undefined) {
      checks.push(() => checkReasonUnused(this, `options.${prop}.offReason`, own.offReason, false, `options.${prop}.enabled: false`));
    }
    return false;
  }

  private uniqueId(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9]/g, '') || 'Api';
    let id = clean;
    for (let n = 2; this.usedIds.has(id); n++) id = `${clean}${n}`;
    this.usedIds.add(id);
    return id;
  }
}

interface ResolvedAnomalyPolicy {
  readonly enabled: boolean;
  readonly bandWidth: number;
  readonly period: Duration;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

function alarmOffWeakening(prop: string): Weakening {
  return {
    setting: `options.${prop}.enabled: false`,
    reasonProp: `options.${prop}.offReason`,
    consequence: 'no alarm, and no notification, for this security signal',
    rules: [],
  };
}

/** The security insights of an API that GatewayMonitoring monitors: on unless turned off with a reason. */
export interface MonitoringSecurityInsightsOptions extends ApiSecurityInsightsOptions {
  /**
   * Create the API's security insights (README, "Security insights": about $3.60 per API per month
   * before matched log events).
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Why the API gets no security insights (`enabled: false`), at least 10 characters. Recorded on the
   * monitoring's dashboard (metadata `Portcullis::Weakenings`); the API's stage is then reported by
   * `Portcullis-DenialSignal` unless another rule over its access logs counts denials.
   *
   * @default - turning security insights off is refused
   */
  readonly offReason?: string;
}

const SECURITY_INSIGHTS_OFF: Weakening = {
  setting: 'options.securityInsights.enabled: false',
  reasonProp: 'options.securityInsights.offReason',
  consequence: 'no Contributor Insights rules, single-caller or anomaly alarms, or saved queries for this API',
  rules: [],
};

/**
 * Checks a monitored API's security-insights switch; on `enabled: false` with a good reason, records the
 * weakening on `recordOn` and returns undefined, else the options to pass to `addApi`.
 */
export function monitoringSecurityInsights(scope: Construct, recordOn: CfnResource, options: MonitoringSecurityInsightsOptions | undefined):
ApiSecurityInsightsOptions | undefined {
  const { enabled, offReason, ...rest } = options ?? {};
  if (enabled === false) {
    const example = 'Internal API behind a VPC endpoint; the SOC watches its access logs in the SIEM';
    throwPropErrors([() => checkWeakeningReason(scope, SECURITY_INSIGHTS_OFF, offReason, example)]);
    recordWeakening(recordOn, SECURITY_INSIGHTS_OFF, offReason!);
    return undefined;
  }
  throwPropErrors([() => checkReasonUnused(scope, 'options.securityInsights.offReason', offReason, false, 'options.securityInsights.enabled: false')]);
  return rest;
}

/** The REST stage's web ACL when it is a Portcullis GatewayWebAcl (whose log group the WAF rules read). */
function gatewayWebAclOf(api: ISecureApi): GatewayWebAcl | undefined {
  const webAcl = webAclOf(api);
  return webAcl instanceof GatewayWebAcl ? webAcl : undefined;
}
