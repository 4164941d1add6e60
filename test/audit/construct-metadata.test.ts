import { parseConstructMetadata } from '../../lib/audit/construct-metadata';

describe('parseConstructMetadata', () => {
  test('reads cdk-nag acknowledgements as annotation rules or in their pack\'s plugin namespace; other plugins\' are not ours', () => {
    const metadata = parseConstructMetadata({
      '/Stack/Api/Resource': [{ type: 'aws:cdk:logicalId', data: 'Api1234' }],
      '/Stack/Api': [{
        type: 'aws:cdk:acknowledged-rules',
        data: {
          'Annotation::Portcullis-RestWaf': 'Fronted by CloudFront with its own web ACL',
          'Portcullis::Portcullis-RouteAuthorization': 'Public health check for the load balancer',
          'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/x]': 'Managed policy reviewed',
          'CloudFormation-Validate::W2531': 'Runtime deprecation is tracked elsewhere',
          'Portcullis::AwsSolutions-APIG4': 'Not a Portcullis rule, so not this plugin\'s finding',
        },
      }],
    });

    expect(metadata.logicalIds).toEqual(new Map([['Stack/Api/Resource', 'Api1234']]));
    expect(metadata.acknowledgements).toEqual([
      { path: 'Stack/Api', ruleId: 'Portcullis-RestWaf', reason: 'Fronted by CloudFront with its own web ACL' },
      { path: 'Stack/Api', ruleId: 'Portcullis-RouteAuthorization', reason: 'Public health check for the load balancer' },
      { path: 'Stack/Api', ruleId: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/x]', reason: 'Managed policy reviewed' },
    ]);
  });
});
