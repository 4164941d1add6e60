import { CfnParameter } from 'aws-cdk-lib';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { GatewayWebAcl } from '../../../../lib';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-WafLogging';
const DESTINATION = 'arn:aws:logs:us-east-1:111111111111:log-group:aws-waf-logs-test';

function webAcl(scope: any, id: string, name?: string): CfnWebACL {
  return new CfnWebACL(scope, id, {
    name,
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: id },
  });
}

const REDACTED = [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'Cookie' } }];

describe('WafLogging', () => {
  test('GatewayWebAcl passes', () => {
    const stack = newStack();
    new GatewayWebAcl(stack, 'Acl');
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('a web ACL without a logging configuration is reported; one that logs without redacting credentials too', () => {
    const stack = newStack();
    const logged = webAcl(stack, 'Logged');
    new CfnLoggingConfiguration(stack, 'LoggedConfig', { resourceArn: logged.attrArn, logDestinationConfigs: [DESTINATION], redactedFields: REDACTED });
    webAcl(stack, 'Unlogged');
    const leaky = webAcl(stack, 'Leaky');
    new CfnLoggingConfiguration(stack, 'LeakyConfig', { resourceArn: leaky.attrArn, logDestinationConfigs: [DESTINATION] });
    const half = webAcl(stack, 'Half');
    new CfnLoggingConfiguration(stack, 'HalfConfig', { resourceArn: half.attrArn, logDestinationConfigs: [DESTINATION], redactedFields: [REDACTED[0]] });

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/Unlogged'),
      finding(`${RULE}[authorization-not-redacted]`, 'Stack/Leaky'),
      finding(`${RULE}[cookie-not-redacted]`, 'Stack/Half'),
      finding(`${RULE}[cookie-not-redacted]`, 'Stack/Leaky'),
    ]);
  });

  test('a configuration naming the web ACL by name in a literal ARN matches it', () => {
    const stack = newStack();
    webAcl(stack, 'Named', 'orders-acl');
    new CfnLoggingConfiguration(stack, 'Config', {
      resourceArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/orders-acl/1234',
      logDestinationConfigs: [DESTINATION],
      redactedFields: REDACTED,
    });
    expect(portcullisFindings(stack, RULE)).toEqual([]);
  });

  test('a configuration whose ResourceArn is a parameter makes an unmatched web ACL unresolved', () => {
    const stack = newStack();
    webAcl(stack, 'Acl');
    const arn = new CfnParameter(stack, 'AclArn');
    new CfnLoggingConfiguration(stack, 'Config', { resourceArn: arn.valueAsString, logDestinationConfigs: [DESTINATION], redactedFields: REDACTED });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:LoggingConfiguration]`, 'Stack/Acl')]);
  });
});
