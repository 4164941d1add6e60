import { Stack, Validations } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { GatewayConfigRecorder } from './config-recorder';
import { ENDPOINT_TYPES, isScoped, LOG_RETENTION_DAYS, MANAGED_RULE_IDENTIFIERS, MANAGED_RULES, ManagedRuleEntry, ROUTE_AUTHORIZATION_TYPES } from './config-rule-catalog';
import { eventBridgeTopic, NOTIFICATION_DLQ_REASON } from './notification-topic';
import { checkInteger, checkNonEmptyStrings, invalidProp, isUnresolved, throwPropErrors } from '../common/validation';

/** Defaults of {@link GatewayConfigRules}, in one place. */
const DEFAULTS = {
  ruleNamePrefix: 'portcullis-',
  loggingLevels: ['ERROR', 'INFO'],
  endpointTypes: ['REGIONAL', 'PRIVATE'],
  minLogRetentionDays: 365,
  certificateDaysToExpiration: 30,
  periodicFrequency: config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS,
} as const;

/**
 * Deploys the rules as AWS Config organization rules from a delegated administrator account.
 */
export interface OrganizationRulesOptions {
  /**
   * Accounts of the organization the rules are not deployed to.
   *
   * @default - every account
   */
  readonly excludedAccounts?: string[];
}

/**
 * Properties of {@link GatewayConfigRules}.
 */
export interface GatewayConfigRulesProps {
  /**
   * Where NON_COMPLIANT results are sent (EventBridge → SNS). A topic of your own must let
   * `events.amazonaws.com` publish and, when encrypted, use its key (an `AlarmTopic` does after
   * `allowEventBridgeRules()`).
   *
   * @default - a new `AlarmTopic`
   */
  readonly topic?: sns.ITopic;

  /**
   * Which managed rules to deploy, by identifier (see `GatewayConfigRules.RULE_IDENTIFIERS`).
   *
   * @default - all ten
   */
  readonly rules?: string[];

  /**
   * Prefix of the Config rule names (`<prefix><identifier in lower-kebab-case>`); change it when two
   * stacks of one account deploy these rules.
   *
   * @default 'portcullis-'
   */
  readonly ruleNamePrefix?: string;

  /**
   * Execution log levels API_GW_EXECUTION_LOGGING_ENABLED accepts (`ERROR`, `INFO`).
   *
   * @default ['ERROR', 'INFO']
   */
  readonly loggingLevels?: string[];

  /**
   * Web ACLs a REST stage may use for API_GW_ASSOCIATED_WITH_WAF.
   *
   * @default - any web ACL
   */
  readonly webAclArns?: string[];

  /**
   * Endpoint types a REST API may have for API_GW_ENDPOINT_TYPE_CHECK (`REGIONAL`, `PRIVATE`, `EDGE`).
   *
   * @default ['REGIONAL', 'PRIVATE']
   */
  readonly endpointTypes?: string[];

  /**
   * Client certificate ids a REST stage may use for API_GW_SSL_ENABLED.
   *
   * @default - any client certificate
   */
  readonly clientCertificateIds?: string[];

  /**
   * The authorization type every HTTP/WebSocket route must have for API_GWV2_AUTHORIZATION_TYPE_CONFIGURED
   * (`CUSTOM`, `AWS_IAM` or `JWT`).
   *
   * @default - any type but NONE
   */
  readonly routeAuthorizationType?: string;

  /**
   * Shortest log retention, in days, CW_LOGGROUP_RETENTION_PERIOD_CHECK accepts (one of the values
   * CloudWatch Logs offers: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653).
   *
   * @default 365
   */
  readonly minLogRetentionDays?: number;

  /**
   * Log groups CW_LOGGROUP_RETENTION_PERIOD_CHECK checks.
   *
   * @default - every log group
   */
  readonly logGroupNames?: string[];

  /**
   * Days before expiry from which ACM_CERTIFICATE_EXPIRATION_CHECK reports a certificate. ACM renews
   * the certificates it issues; imported ones expire unless replaced.
   *
   * @default 30
   */
  readonly certificateDaysToExpiration?: number;

  /**
   * Creates a configuration recorder and delivery channel (see `GatewayConfigRecorder`). AWS Config
   * allows one recorder per account and Region, and most accounts have one (Control Tower, Security
   * Hub and landing zones create it), so by default the rules use the recorder that is there. Deploy
   * with `true` only in an account without one: the deployment fails if one exists.
   *
   * @default false
   */
  readonly createRecorder?: boolean;

  /**
   * Deploys the same rules as `AWS::Config::OrganizationConfigRule` to every account of the AWS
   * Organization, from the management account or a delegated administrator for
   * `config-multiaccountsetup.amazonaws.com`. Each member account needs a configuration recorder.
   * Compliance changes then happen in the member accounts, so no EventBridge rule is created here:
   * route them with an aggregator, or deploy account rules in each account.
   *
   * @default - account rules in this stack's account
   */
  readonly organization?: OrganizationRulesOptions;
}

/**
 * AWS Config managed rules for API Gateway and its neighbours (stages, routes, log groups,
 * certificates), each scoped to the resource types it evaluates and with parameters set from the
 * props, and an EventBridge rule that sends their NON_COMPLIANT results to an SNS topic in a readable
 * message. The rules and their parameters are pinned in `MANAGED_RULES` (config-rule-catalog.ts).
 */
export class GatewayConfigRules extends Construct {
  /** Identifiers of the managed rules this construct knows. */
  public static readonly RULE_IDENTIFIERS: string[] = [...MANAGED_RULE_IDENTIFIERS];

  /** The Config rule names, in catalogue order. */
  public readonly ruleNames: string[];
  /** The account rules (empty in organization mode). */
  public readonly rules: config.ManagedRule[] = [];
  /** The organization rules (empty in account mode). */
  public readonly organizationRules: config.CfnOrganizationConfigRule[] = [];
  /** The EventBridge rule for NON_COMPLIANT results; undefined in organization mode. */
  public readonly complianceRule?: events.Rule;
  /** The topic notified; undefined in organization mode. */
  public readonly topic?: sns.ITopic;
  /** The recorder, when `createRecorder` is true. */
  public readonly recorder?: GatewayConfigRecorder;

  constructor(scope: Construct, id: string, props: GatewayConfigRulesProps = {}) {
    super(scope, id);
    validate(this, props);
    const prefix = props.ruleNamePrefix ?? DEFAULTS.ruleNamePrefix;
    const selected = MANAGED_RULES.filter((entry) => (props.rules ?? MANAGED_RULE_IDENTIFIERS).includes(entry.identifier));
    this.ruleNames = selected.map((entry) => ruleName(prefix, entry.identifier));

    if (props.organization) {
      selected.forEach((entry, i) => {
        const parameters = ruleParameters(entry, props);
        this.organizationRules.push(new config.CfnOrganizationConfigRule(this, entry.identifier, {
          organizationConfigRuleName: this.ruleNames[i],
          excludedAccounts: props.organization!.excludedAccounts,
          organizationManagedRuleMetadata: {
            ruleIdentifier: entry.identifier,
            description: `Portcullis: NON_COMPLIANT when ${entry.checks}`,
            inputParameters: Object.keys(parameters).length > 0 ? Stack.of(this).toJsonString(parameters) : undefined,
            resourceTypesScope: isScoped(entry) ? entry.resourceTypes : undefined,
            maximumExecutionFrequency: entry.trigger === 'CONFIGURATION_CHANGES' ? undefined : DEFAULTS.periodicFrequency,
          },
        }));
      });
      return;
    }

    if (props.createRecorder) this.recorder = new GatewayConfigRecorder(this, 'Recorder');
    selected.forEach((entry, i) => {
      const rule = new config.ManagedRule(this, entry.identifier, {
        identifier: entry.identifier,
        configRuleName: this.ruleNames[i],
        description: `Portcullis: NON_COMPLIANT when ${entry.checks}`,
        inputParameters: nonEmpty(ruleParameters(entry, props)),
        ruleScope: isScoped(entry) ? config.RuleScope.fromResources(entry.resourceTypes.map((t) => config.ResourceType.of(t))) : undefined,
        maximumExecutionFrequency: entry.trigger === 'CONFIGURATION_CHANGES' ? undefined : DEFAULTS.periodicFrequency,
      });
      if (this.recorder) rule.node.addDependency(this.recorder);
      this.rules.push(rule);
    });

    this.topic = eventBridgeTopic(this, props.topic);
    this.complianceRule = new events.Rule(this, 'NonCompliant', {
      description: 'Portcullis: NON_COMPLIANT results of the API Gateway Config rules',
      eventPattern: {
        source: ['aws.config'],
        detailType: ['Config Rules Compliance Change'],
        detail: {
          messageType: ['ComplianceChangeNotification'],
          configRuleName: this.ruleNames,
          newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
        },
      },
    });
    Validations.of(this.complianceRule.node.defaultChild!).acknowledge({ id: 'Serverless-EventBusDLQ', reason: NOTIFICATION_DLQ_REASON });
    this.complianceRule.addTarget(new targets.SnsTopic(this.topic, {
      message: events.RuleTargetInput.fromText([
        `AWS Config: ${events.EventField.fromPath('$.detail.resourceType')} ${events.EventField.fromPath('$.detail.resourceId')}`,
        `is NON_COMPLIANT with ${events.EventField.fromPath('$.detail.configRuleName')}`,
        `(account ${events.EventField.fromPath('$.account')}, region ${events.EventField.fromPath('$.region')}, at ${events.EventField.fromPath('$.time')}).`,
        `Annotation: ${events.EventField.fromPath('$.detail.newEvaluationResult.annotation')}`,
      ].join(' ')),
    }));
  }
}

function nonEmpty(parameters: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

/** `portcullis-` + `API_GW_XRAY_ENABLED` → `portcullis-api-gw-xray-enabled`. */
export function ruleName(prefix: string, identifier: string): string {
  return `${prefix}${identifier.toLowerCase().replace(/_/g, '-')}`;
}

/** The input parameters of one rule from the props; only parameters the rule accepts. Pure. */
export function ruleParameters(entry: ManagedRuleEntry, props: GatewayConfigRulesProps): Record<string, string> {
  const all: Record<string, string | undefined> = {
    loggingLevel: (props.loggingLevels ?? DEFAULTS.loggingLevels).join(','),
    WebAclArns: props.webAclArns?.join(','),
    endpointConfigurationTypes: (props.endpointTypes ?? DEFAULTS.endpointTypes).join(','),
    CertificateIDs: props.clientCertificateIds?.join(','),
    authorizationType: props.routeAuthorizationType,
    MinRetentionTime: String(props.minLogRetentionDays ?? DEFAULTS.minLogRetentionDays),
    LogGroupNames: props.logGroupNames?.join(','),
    daysToExpiration: String(props.certificateDaysToExpiration ?? DEFAULTS.certificateDaysToExpiration),
  };
  const out: Record<string, string> = {};
  for (const name of entry.parameters) if (all[name] !== undefined) out[name] = all[name]!;
  return out;
}

function checkMembers(scope: Construct, prop: string, values: string[] | undefined, allowed: ReadonlyArray<string>): void {
  if (values === undefined) return;
  if (values.length === 0) invalidProp(scope, prop, values, 'must not be empty', `leave it out for the default, or give some of ${allowed.join(', ')}`);
  for (const v of values) {
    if (!isUnresolved(v) && !allowed.includes(v)) invalidProp(scope, prop, v, `is not one of ${allowed.join(', ')}`, `give some of ${allowed.join(', ')}`);
  }
}

function validate(scope: Construct, props: GatewayConfigRulesProps): void {
  throwPropErrors([
    () => checkMembers(scope, 'rules', props.rules, MANAGED_RULE_IDENTIFIERS),
    () => checkMembers(scope, 'loggingLevels', props.loggingLevels, ['ERROR', 'INFO']),
    () => checkMembers(scope, 'endpointTypes', props.endpointTypes, ENDPOINT_TYPES),
    () => props.webAclArns !== undefined && checkNonEmptyStrings(scope, 'webAclArns', props.webAclArns, 'give web ACL ARNs, or leave it out to accept any web ACL'),
    () => props.clientCertificateIds !== undefined && checkNonEmptyStrings(scope, 'clientCertificateIds', props.clientCertificateIds, 'give client certificate ids, or leave it out to accept any'),
    () => props.logGroupNames !== undefined && checkNonEmptyStrings(scope, 'logGroupNames', props.logGroupNames, 'give log group names, or leave it out to check every log group'),
    () => {
      const t = props.routeAuthorizationType;
      if (t !== undefined && !isUnresolved(t) && !ROUTE_AUTHORIZATION_TYPES.includes(t)) {
        invalidProp(scope, 'routeAuthorizationType', t, `is not one of ${ROUTE_AUTHORIZATION_TYPES.join(', ')}`, 'give CUSTOM, AWS_IAM or JWT, or leave it out to accept any but NONE');
      }
    },
    () => {
      const d = props.minLogRetentionDays;
      if (d !== undefined && !isUnresolved(d) && !LOG_RETENTION_DAYS.includes(d)) {
        invalidProp(scope, 'minLogRetentionDays', d, 'is not a retention CloudWatch Logs offers', `give one of ${LOG_RETENTION_DAYS.join(', ')}`);
      }
    },
    () => {
      if (props.certificateDaysToExpiration !== undefined) {
        checkInteger(scope, 'certificateDaysToExpiration', props.certificateDaysToExpiration, 1, 365, 'give whole days, e.g. 30');
      }
    },
    () => {
      const p = props.ruleNamePrefix;
      if (p !== undefined && !isUnresolved(p) && !/^[A-Za-z0-9-_]{0,20}$/.test(p)) {
        invalidProp(scope, 'ruleNamePrefix', p, 'must be at most 20 letters, digits, - or _', "give e.g. 'portcullis-'");
      }
    },
    () => {
      if (props.organization && props.createRecorder) {
        invalidProp(scope, 'createRecorder', true, 'cannot be used with organization: organization rules use the recorders of the member accounts',
          'leave createRecorder out and give each member account a configuration recorder');
      }
    },
  ]);
}
