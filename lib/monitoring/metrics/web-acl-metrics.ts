import { Fn, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { DEFAULT_METRIC_PERIOD } from './api-metrics';
import { GatewayWebAcl, IApiWebAcl } from '../../waf/gateway-web-acl';

/** The `AWS/WAFV2` namespace. */
export const WAF_NAMESPACE = 'AWS/WAFV2';

/** The `AWS/WAFV2` metric names Portcullis watches, from "AWS WAF metrics and dimensions". */
export const WAF_METRIC_NAMES = {
  allowedRequests: 'AllowedRequests',
  blockedRequests: 'BlockedRequests',
  countedRequests: 'CountedRequests',
} as const;

/**
 * The metrics of a regional web ACL (the kind API Gateway REST stages use) over all its rules:
 * namespace `AWS/WAFV2`, dimensions `WebACL` (the web ACL's name) + `Region` + `Rule: ALL`.
 */
export class WebAclMetrics {
  /** The web ACL's name, the value of the `WebACL` dimension. */
  public readonly webAclName: string;
  private readonly region: string;

  /**
   * @param scope any construct of the stack that monitors (for its Region)
   * @param webAcl the web ACL; its name is read from its ARN unless it is a GatewayWebAcl
   */
  constructor(scope: IConstruct, webAcl: IApiWebAcl) {
    this.webAclName = webAcl instanceof GatewayWebAcl ? webAcl.webAclName : webAclNameFromArn(webAcl.webAclArn);
    this.region = Stack.of(scope).region;
  }

  /** `AllowedRequests`, sum. @default - over 5 minutes */
  public metricAllowedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(WAF_METRIC_NAMES.allowedRequests, props);
  }

  /** `BlockedRequests`, sum. @default - over 5 minutes */
  public metricBlockedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(WAF_METRIC_NAMES.blockedRequests, props);
  }

  /** `CountedRequests` (rules in count mode), sum. @default - over 5 minutes */
  public metricCountedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(WAF_METRIC_NAMES.countedRequests, props);
  }

  private metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: WAF_NAMESPACE,
      metricName,
      dimensionsMap: { WebACL: this.webAclName, Region: this.region, Rule: 'ALL' },
      statistic: cloudwatch.Stats.SUM,
      period: DEFAULT_METRIC_PERIOD,
      ...props,
    });
  }
}

/**
 * The name in a WAFv2 web ACL ARN, `arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>`;
 * a token ARN gives a token that CloudFormation resolves the same way.
 */
export function webAclNameFromArn(arn: string): string {
  if (Token.isUnresolved(arn)) return Fn.select(2, Fn.split('/', arn));
  const parts = arn.split('/');
  if (parts.length !== 4 || parts[1] !== 'webacl') {
    throw new Error(`'${arn}' is not a WAFv2 web ACL ARN (arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>)`);
  }
  return parts[2];
}
