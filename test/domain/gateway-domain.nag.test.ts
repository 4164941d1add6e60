import { App, Stack } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { exampleZone, restApi } from './fixtures';
import { SECURITY_PACKS } from '../../bin/security-checks';
import { GatewayDomain, MtlsTruststore } from '../../lib';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2xpZW50Q0E=\n-----END CERTIFICATE-----\n';

/** Every unacknowledged finding of the showcase packs on the domain's own resources (not the API's). */
function findings(stack: Stack, under: string[]): string[] {
  const out: string[] = [];
  for (const [, pack] of SECURITY_PACKS) {
    const report = pack().validateScope(stack);
    for (const v of report.violations) {
      for (const r of v.violatingResources) {
        if (under.some((p) => r.constructPath!.startsWith(`Test/${p}`))) out.push(`${v.ruleName} ${r.constructPath}`);
      }
    }
  }
  return [...new Set(out)].sort();
}

test('a domain with mutual TLS and its own truststore leaves no unacknowledged finding in the showcase packs', () => {
  const stack = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  const truststore = new MtlsTruststore(stack, 'Truststore', { certificatesPem: PEM });
  const domain = new GatewayDomain(stack, 'Domain', {
    domainName: 'api.example.com',
    hostedZone: exampleZone(stack),
    mutualTls: { truststore },
    alarmTopic: sns.Topic.fromTopicArn(stack, 'Alerts', 'arn:aws:sns:eu-west-1:111111111111:alerts'),
  });
  domain.addApi(restApi(stack));
  expect(findings(stack, ['Domain', 'Truststore', 'Custom::CDKBucketDeployment'])).toEqual([]);
});
