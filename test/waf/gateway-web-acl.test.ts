import { App, CfnParameter, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RestApi } from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { GatewayWebAcl, GatewayWebAclProps, PortcullisChecks, WebAclScope } from '../../lib';
import { portcullisFindings } from '../nag/nag-test-util';

function newStack(region = 'us-east-1'): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '111111111111', region } });
}

function template(props?: GatewayWebAclProps): { stack: Stack; acl: GatewayWebAcl; t: Template } {
  const stack = newStack();
  const acl = new GatewayWebAcl(stack, 'Acl', props);
  return { stack, acl, t: Template.fromStack(stack) };
}

/** The validation messages of a construct tree, as `app.synth()` would report them. */
function errors(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.validate());
}

function withProps(props: GatewayWebAclProps, stack = newStack()): string[] {
  return errors(new GatewayWebAcl(stack, 'Acl', props));
}

describe('GatewayWebAcl rules', () => {
  test('default: a regional ACL that allows by default, a rate limit per IP first, then four AWS managed groups, all with metrics', () => {
    const { t } = template();
    t.resourceCountIs('AWS::WAFv2::WebACL', 1);
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: Match.stringLikeRegexp('^[\\w-]+$') },
      Rules: [
        {
          Name: 'RateLimitPerIp',
          Priority: 0,
          Action: { Block: {} },
          Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 2000, EvaluationWindowSec: 300 } },
          VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: 'RateLimitPerIp' },
        },
        ...['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet', 'AWSManagedRulesAmazonIpReputationList']
          .map((name, i) => ({
            Name: name,
            Priority: i + 1,
            OverrideAction: { None: {} },
            Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name } },
            VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true, MetricName: name },
          })),
      ],
    });
    const rules = Object.values(t.findResources('AWS::WAFv2::WebACL'))[0].Properties.Rules as any[];
    expect(new Set(rules.map((r) => r.Priority)).size).toBe(rules.length);
    expect(new Set(rules.map((r) => r.Name)).size).toBe(rules.length);
    // No version pinned and no rule overridden unless asked.
    for (const rule of rules.slice(1)) {
      expect(rule.Statement.ManagedRuleGroupStatement.Version).toBeUndefined();
      expect(rule.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toBeUndefined();
    }
  });

  test('managed groups can be tuned: a rule in count mode, a whole group in count mode, a pinned version, another vendor', () => {
    const { t } = template({
      managedRuleGroups: [
        ...GatewayWebAcl.DEFAULT_MANAGED_RULE_GROUPS.map((g) => g.name === 'AWSManagedRulesCommonRuleSet'
          ? { ...g, countRules: ['SizeRestrictions_BODY', 'NoUserAgent_HEADER'], version: 'Version_1.12' } : g),
        { name: 'AWSManagedRulesAnonymousIpList', countOnly: true },
        { name: 'SomeVendorRules', vendorName: 'Vendor' },
      ],
      rateLimit: 500,
      rateLimitWindowSeconds: 60,
    });
    const rules = Object.values(t.findResources('AWS::WAFv2::WebACL'))[0].Properties.Rules as any[];
    expect(rules.map((r) => [r.Priority, r.Name])).toEqual([
      [0, 'RateLimitPerIp'],
      [1, 'AWSManagedRulesCommonRuleSet'],
      [2, 'AWSManagedRulesKnownBadInputsRuleSet'],
      [3, 'AWSManagedRulesSQLiRuleSet'],
      [4, 'AWSManagedRulesAmazonIpReputationList'],
      [5, 'AWSManagedRulesAnonymousIpList'],
      [6, 'SomeVendorRules'],
    ]);
    expect(rules[0].Statement.RateBasedStatement).toEqual({ AggregateKeyType: 'IP', Limit: 500, EvaluationWindowSec: 60 });
    expect(rules[1].Statement.ManagedRuleGroupStatement).toEqual({
      VendorName: 'AWS',
      Name: 'AWSManagedRulesCommonRuleSet',
      Version: 'Version_1.12',
      RuleActionOverrides: [
        { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
        { Name: 'NoUserAgent_HEADER', ActionToUse: { Count: {} } },
      ],
    });
    expect(rules[1].OverrideAction).toEqual({ None: {} });
    expect(rules[5].OverrideAction).toEqual({ Count: {} });
    expect(rules[6].Statement.ManagedRuleGroupStatement.VendorName).toBe('Vendor');
  });

  test('extra rules come after the managed groups', () => {
    const { t } = template({
      extraRules: [{
        name: 'BlockAdminFromOutside',
        priority: 10,
        action: { block: {} },
        statement: { byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'STARTS_WITH', searchString: '/admin', textTransformations: [{ priority: 0, type: 'NONE' }] } },
        visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'BlockAdminFromOutside' },
      }],
    });
    const rules = Object.values(t.findResources('AWS::WAFv2::WebACL'))[0].Properties.Rules as any[];
    expect(rules.map((r) => r.Name)).toHaveLength(6);
    expect(rules[5]).toMatchObject({ Name: 'BlockAdminFromOutside', Priority: 10, Action: { Block: {} } });
  });

  test('the default managed groups stay within the 1,500 WCU of the base price', () => {
    const wcu: Record<string, number> = {
      AWSManagedRulesCommonRuleSet: 700,
      AWSManagedRulesKnownBadInputsRuleSet: 200,
      AWSManagedRulesSQLiRuleSet: 200,
      AWSManagedRulesAmazonIpReputationList: 25,
    };
    const rateBasedRule = 2;
    const total = GatewayWebAcl.DEFAULT_MANAGED_RULE_GROUPS.reduce((sum, g) => sum + wcu[g.name], rateBasedRule);
    expect(total).toBe(1127);
    expect(total).toBeLessThanOrEqual(1500);
  });
});

describe('GatewayWebAcl association', () => {
  test('associate() creates the association in the construct, for the given ARN', () => {
    const stack = newStack();
    const acl = new GatewayWebAcl(stack, 'Acl');
    const association = acl.associate('Stage', 'arn:aws:apigateway:us-east-1::/restapis/abc123/stages/prod');
    expect(association.node.path).toBe('Stack/Acl/Stage');
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: 'arn:aws:apigateway:us-east-1::/restapis/abc123/stages/prod',
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Acl'), 'Arn'] },
    });
  });

  test('associated with a RestApi stage, it satisfies Portcullis-RestWaf and AwsSolutions-APIG3', () => {
    const stack = newStack();
    const api = new RestApi(stack, 'Api');
    api.root.addMethod('GET');
    const acl = new GatewayWebAcl(stack, 'Acl');
    acl.associate('ApiStage', api.deploymentStage.stageArn);
    expect(portcullisFindings(stack, 'Portcullis-RestWaf')).toEqual([]);
    const apig3 = new AwsSolutionsChecks().validateScope(stack).violations.filter((v) => v.ruleName === 'AwsSolutions-APIG3');
    expect(apig3).toEqual([]);
  });

  test('a CLOUDFRONT web ACL cannot be associated, and must be created in us-east-1', () => {
    const acl = new GatewayWebAcl(newStack(), 'Acl', { scope: WebAclScope.CLOUDFRONT });
    expect(errors(acl)).toEqual([]);
    Template.fromStack(Stack.of(acl)).hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT' });
    expect(() => acl.associate('X', 'arn')).toThrow(/prop 'scope' = "CLOUDFRONT": a CLOUDFRONT web ACL cannot be associated/);
    expect(withProps({ scope: WebAclScope.CLOUDFRONT }, newStack('eu-west-1'))).toEqual([
      expect.stringMatching(/^prop 'scope' = "CLOUDFRONT": a CLOUDFRONT web ACL must be created in us-east-1, and this stack is in eu-west-1/),
    ]);
  });
});

describe('GatewayWebAcl metrics', () => {
  test('metrics of the whole web ACL, by its name, Region and Rule ALL, summed', () => {
    const { acl, t } = template();
    t.hasResourceProperties('AWS::WAFv2::WebACL', { Name: acl.webAclName, VisibilityConfig: { MetricName: acl.webAclName } });
    expect(acl.webAclName).toMatch(/^[\w-]{1,128}$/);
    const blocked = acl.metricBlockedRequests();
    expect(blocked.namespace).toBe('AWS/WAFV2');
    expect(blocked.metricName).toBe('BlockedRequests');
    expect(blocked.dimensions).toEqual({ WebACL: acl.webAclName, Rule: 'ALL', Region: 'us-east-1' });
    expect(blocked.statistic).toBe('Sum');
    expect(blocked.period.toMinutes()).toBe(5);
    expect(acl.metricAllowedRequests().metricName).toBe('AllowedRequests');
    expect(acl.metricCountedRequests({ statistic: 'Average' }).statistic).toBe('Average');
  });
});

describe('GatewayWebAcl logging', () => {
  test('logs to a log group named aws-waf-logs-…, by ARN without `:*`, redacting credentials', () => {
    const { t } = template({ redactedHeaders: ['X-Session-Token'] });
    const groups = t.findResources('AWS::Logs::LogGroup');
    const [groupId, group] = Object.entries(groups)[0];
    expect(Object.keys(groups)).toHaveLength(1);
    expect(group.Properties.LogGroupName).toMatch(/^aws-waf-logs-[\w-]+$/);
    expect(group.Properties.RetentionInDays).toBe(365);
    expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^AclLogsKey/), 'Arn'] });
    expect(group.DeletionPolicy).toBe('Retain');
    t.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Acl'), 'Arn'] },
      LogDestinationConfigs: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:', { Ref: groupId }]] }],
      RedactedFields: [
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'cookie' } },
        { SingleHeader: { Name: 'x-api-key' } },
        { SingleHeader: { Name: 'x-session-token' } },
      ],
      LoggingFilter: Match.absent(),
    });
  });

  test('the key rotates, lets CloudWatch Logs of this Region use it for log groups of this account, and denies grants to non-AWS services', () => {
    const { t } = template();
    t.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: 'DenyGrantsExceptForAwsServices', Effect: 'Deny' }),
          Match.objectLike({
            Sid: 'AllowCloudWatchLogsOfThisAccount',
            Principal: { Service: 'logs.us-east-1.amazonaws.com' },
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  test('log options: a name, retention, removal policy, own key, only blocked and counted requests', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new GatewayWebAcl(stack, 'Acl', {
      logGroupName: 'aws-waf-logs-orders',
      logRetention: logs.RetentionDays.THREE_MONTHS,
      logRemovalPolicy: RemovalPolicy.DESTROY,
      logRemovalReason: 'Development stack, torn down every night',
      logEncryptionKey: key,
      logOnlyBlockedAndCounted: true,
      logOnlyBlockedAndCountedReason: 'Log volume of a busy API; access logs keep every request',
    });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: 'aws-waf-logs-orders', RetentionInDays: 90, KmsKeyId: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } },
      DeletionPolicy: 'Delete',
    });
    t.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      LoggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [{ Behavior: 'KEEP', Requirement: 'MEETS_ANY', Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }] }],
      },
    });
  });
});

describe('GatewayWebAcl validation', () => {
  test('valid props report nothing; bounds of the rate limit are accepted', () => {
    expect(withProps({})).toEqual([]);
    expect(withProps({ rateLimit: 10 })).toEqual([]);
    expect(withProps({ rateLimit: 2_000_000_000, rateLimitWindowSeconds: 600 })).toEqual([]);
  });

  test.each([
    [{ rateLimit: 9 }, /^prop 'rateLimit' = 9: must be a whole number from 10 to 2000000000/],
    [{ rateLimit: 2_000_000_001 }, /^prop 'rateLimit' = 2000000001: must be a whole number/],
    [{ rateLimit: 100.5 }, /^prop 'rateLimit' = 100.5: must be a whole number/],
    [{ rateLimitWindowSeconds: 30 }, /^prop 'rateLimitWindowSeconds' = 30: must be one of 60, 120, 300, 600/],
    [{ managedRuleGroups: [{ name: 'Bad name' }] }, /^prop 'managedRuleGroups\[0\].name' = "Bad name": is not a rule group name/],
    [{ managedRuleGroups: [{ name: 'A' }, { name: 'A' }] }, /^prop 'managedRuleGroups\[1\].name' = "A": the rule group is listed twice/],
    [{ managedRuleGroups: [{ name: 'A', countRules: ['ok', ''] }] }, /^prop 'managedRuleGroups\[0\].countRules' = \["ok",""\]: '' is not a rule name/],
    [{ logGroupName: '/aws/waf/orders' }, /^prop 'logGroupName' = "\/aws\/waf\/orders": AWS WAF only logs to log groups named aws-waf-logs-/],
    [{ logRetention: logs.RetentionDays.INFINITE }, /^prop 'logRetention' = "INFINITE": WAF logs hold client IP addresses/],
    [{ redactedHeaders: ['bad header'] }, /^prop 'redactedHeaders' = \["bad header"\]: 'bad header' is not an HTTP header name/],
    [{ extraRules: [{ name: 'RateLimitPerIp', priority: 9, statement: {}, visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'x' } }] },
      /^prop 'extraRules' = "RateLimitPerIp": a rule of the web ACL already has this name/],
    [{ extraRules: [{ name: 'Mine', priority: 1, statement: {}, visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'x' } }] },
      /^prop 'extraRules' = 1: priority 1 is already used/],
  ])('%j is refused naming the prop', (props, message) => {
    const found = withProps(props as GatewayWebAclProps);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(message);
    expect(found[0]).toMatch(/\. Fix: /);
  });

  test('every problem is reported together, and unresolved tokens pass', () => {
    expect(withProps({ rateLimit: 1, rateLimitWindowSeconds: 1, logGroupName: 'x' })).toHaveLength(3);
    const stack = newStack();
    const limit = new CfnParameter(stack, 'Limit', { type: 'Number' });
    expect(withProps({ rateLimit: limit.valueAsNumber, logGroupName: limit.valueAsString }, stack)).toEqual([]);
  });
});

describe('GatewayWebAcl and the packs', () => {
  const PACKS = [
    () => new AwsSolutionsChecks(),
    () => new NIST80053R5Checks(),
    () => new HIPAASecurityChecks(),
    () => new PCIDSS321Checks(),
    () => new ServerlessChecks(),
    () => new PortcullisChecks(),
  ];

  test('passes the five cdk-nag packs of the showcase and PortcullisChecks with no acknowledgement', () => {
    const stack = newStack();
    new GatewayWebAcl(stack, 'Acl');
    const findings = PACKS.flatMap((pack) => pack().validateScope(stack).violations
      .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)));
    expect(findings).toEqual([]);
    const acknowledged = stack.node.findAll().flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'));
    expect(acknowledged).toEqual([]);
  });
});
