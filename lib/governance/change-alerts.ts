import { CfnResource, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { eventBridgeTopic, NOTIFICATION_DLQ_REASON } from './notification-topic';
import { checkNonEmptyStrings, throwPropErrors } from '../common/validation';
import { checkReasonUnused, checkWeakeningReason, recordWeakening, Weakening } from '../common/weakening';

/**
 * CloudTrail event names of API Gateway management calls that delete or change what protects or
 * routes an API. REST APIs (v1) are recorded with REST-style names (`DeleteRestApi`, `UpdateStage`,
 * `DeleteBasePathMapping`), HTTP and WebSocket APIs (v2) with `DeleteApi`, `UpdateApi`,
 * `DeleteApiMapping`; both under `eventSource` apigateway.amazonaws.com (source `aws.apigateway`).
 */
export const API_GATEWAY_CHANGE_EVENTS: ReadonlyArray<string> = [
  // APIs
  'DeleteRestApi', 'UpdateRestApi', 'PutRestApi', 'DeleteApi', 'UpdateApi', 'ReimportApi',
  // stages and deployments
  'DeleteStage', 'UpdateStage', 'CreateDeployment', 'DeleteDeployment', 'UpdateDeployment',
  // authorizers
  'CreateAuthorizer', 'DeleteAuthorizer', 'UpdateAuthorizer',
  // custom domains and their mappings
  'DeleteDomainName', 'UpdateDomainName', 'CreateBasePathMapping', 'DeleteBasePathMapping', 'UpdateBasePathMapping',
  'CreateApiMapping', 'DeleteApiMapping', 'UpdateApiMapping',
];

/** CloudTrail event names of AWS WAF (wafv2) calls that attach a web ACL to a stage or detach it. */
export const WAF_ASSOCIATION_EVENTS: ReadonlyArray<string> = ['AssociateWebACL', 'DisassociateWebACL'];

/**
 * Properties of {@link GatewayChangeAlerts}.
 */
export interface GatewayChangeAlertsProps {
  /**
   * Where alerts go. A topic of your own must let `events.amazonaws.com` publish and, when encrypted,
   * use its key (an `AlarmTopic` does after `allowEventBridgeRules()`).
   *
   * @default - a new `AlarmTopic`
   */
  readonly topic?: sns.ITopic;

  /**
   * API Gateway event names that raise an alert.
   *
   * @default API_GATEWAY_CHANGE_EVENTS
   */
  readonly apiGatewayEventNames?: string[];

  /**
   * Also alert on web ACLs associated with or disassociated from any resource (`AssociateWebACL`,
   * `DisassociateWebACL`). `false` needs `wafAssociationsOffReason`.
   *
   * @default true
   */
  readonly wafAssociations?: boolean;

  /**
   * Why web ACL associations raise no alert: required with `wafAssociations: false` (at least 10
   * visible characters), refused otherwise. Recorded on the API Gateway rule under
   * `Portcullis::Weakenings`.
   *
   * @default - none (web ACL associations raise alerts)
   */
  readonly wafAssociationsOffReason?: string;
}

const WAF_ASSOCIATIONS_OFF: Weakening = {
  setting: 'wafAssociations: false',
  reasonProp: 'wafAssociationsOffReason',
  consequence: 'a web ACL detached from an API (its WAF protection removed) raises no alert',
  rules: [],
};

/**
 * EventBridge rules on API Gateway management calls recorded by AWS CloudTrail (APIs, stages,
 * deployments, authorizers, custom domains and mappings deleted or changed; web ACLs attached or
 * detached), each sending who, what, where and when to an SNS topic in a readable message.
 *
 * **CloudTrail must record them**: the EventBridge user guide states that events with detail-type
 * `AWS API Call via CloudTrail` require a CloudTrail trail with logging enabled. Keep a trail that
 * logs write management events in this Region (an organization or multi-Region trail does). Events
 * arrive in the Region where the call was made, so deploy the alerts in each Region with APIs.
 */
export class GatewayChangeAlerts extends Construct {
  /** The topic notified. */
  public readonly topic: sns.ITopic;
  /** The rule on API Gateway calls. */
  public readonly apiGatewayRule: events.Rule;
  /** The rule on WAF association calls, unless `wafAssociations` is false. */
  public readonly wafRule?: events.Rule;

  constructor(scope: Construct, id: string, props: GatewayChangeAlertsProps = {}) {
    super(scope, id);
    const wafOff = props.wafAssociations === false;
    throwPropErrors([
      () => checkReasonUnused(this, 'wafAssociationsOffReason', props.wafAssociationsOffReason, wafOff, 'wafAssociations: false'),
      () => wafOff && checkWeakeningReason(this, WAF_ASSOCIATIONS_OFF, props.wafAssociationsOffReason, 'the account has no web ACLs; WAF is managed by Firewall Manager'),
      () => props.apiGatewayEventNames !== undefined && checkNonEmptyStrings(this, 'apiGatewayEventNames', props.apiGatewayEventNames,
        "give CloudTrail event names such as 'DeleteRestApi', or leave it out for API_GATEWAY_CHANGE_EVENTS"),
    ]);
    this.topic = eventBridgeTopic(this, props.topic);
    this.apiGatewayRule = this.alertRule('ApiGatewayChanges', 'aws.apigateway', 'apigateway.amazonaws.com',
      props.apiGatewayEventNames ?? [...API_GATEWAY_CHANGE_EVENTS], 'API Gateway');
    if (wafOff) {
      recordWeakening(this.apiGatewayRule.node.defaultChild as CfnResource, WAF_ASSOCIATIONS_OFF, props.wafAssociationsOffReason!);
    } else {
      this.wafRule = this.alertRule('WafAssociationChanges', 'aws.wafv2', 'wafv2.amazonaws.com', [...WAF_ASSOCIATION_EVENTS], 'AWS WAF');
    }
  }

  private alertRule(id: string, source: string, eventSource: string, eventNames: string[], service: string): events.Rule {
    const rule = new events.Rule(this, id, {
      description: `Portcullis: ${service} management changes recorded by CloudTrail`,
      eventPattern: {
        source: [source],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventSource: [eventSource], eventName: eventNames },
      },
    });
    rule.addTarget(new targets.SnsTopic(this.topic, { message: changeMessage(service) }));
    Validations.of(rule.node.defaultChild!).acknowledge({ id: 'Serverless-EventBusDLQ', reason: NOTIFICATION_DLQ_REASON });
    return rule;
  }
}

/** The readable alert: who, what, where, when, and the request. */
export function changeMessage(service: string): events.RuleTargetInput {
  const f = (path: string) => events.EventField.fromPath(path);
  return events.RuleTargetInput.fromText([
    `${service} change: ${f('$.detail.eventName')}`,
    `by ${f('$.detail.userIdentity.arn')}`,
    `in account ${f('$.account')}, region ${f('$.region')}, at ${f('$.detail.eventTime')}`,
    `from ${f('$.detail.sourceIPAddress')}.`,
    `Request: ${f('$.detail.requestParameters')}.`,
    `Error (empty when it succeeded): ${f('$.detail.errorCode')}`,
  ].join(' '));
}
