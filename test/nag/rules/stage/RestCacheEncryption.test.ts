import { CfnParameter } from 'aws-cdk-lib';
import { CfnDeployment, CfnStage, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { finding, newStack, portcullisFindings } from '../../nag-test-util';

const RULE = 'Portcullis-RestCacheEncryption';

describe('RestCacheEncryption', () => {
  test('no cache cluster passes; a cache that is encrypted wherever it caches passes; an unencrypted one is reported', () => {
    const stack = newStack();
    new RestApi(stack, 'NoCache').root.addMethod('GET');
    new RestApi(stack, 'Encrypted', { deployOptions: { cacheClusterEnabled: true, cachingEnabled: true, cacheDataEncrypted: true } }).root.addMethod('GET');
    new RestApi(stack, 'Plain', { deployOptions: { cacheClusterEnabled: true, cachingEnabled: true } }).root.addMethod('GET');
    // A cluster with no stage-wide caching setting may still cache GET methods.
    new RestApi(stack, 'ClusterOnly', { deployOptions: { cacheClusterEnabled: true } }).root.addMethod('GET');
    new RestApi(stack, 'ClusterOff', { deployOptions: { cacheClusterEnabled: true, cachingEnabled: false } }).root.addMethod('GET');
    new RestApi(stack, 'OneMethodPlain', {
      deployOptions: {
        cacheClusterEnabled: true,
        cachingEnabled: false,
        methodOptions: { '/items/GET': { cachingEnabled: true, cacheDataEncrypted: false } },
      },
    }).root.addResource('items').addMethod('GET');
    new RestApi(stack, 'OneMethodInherits', {
      deployOptions: {
        cacheClusterEnabled: true,
        cachingEnabled: false,
        cacheDataEncrypted: true,
        methodOptions: { '/items/GET': { cachingEnabled: true } },
      },
    }).root.addResource('items').addMethod('GET');

    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(RULE, 'Stack/ClusterOnly/DeploymentStage.prod/Resource'),
      finding(RULE, 'Stack/OneMethodPlain/DeploymentStage.prod/Resource'),
      finding(RULE, 'Stack/Plain/DeploymentStage.prod/Resource'),
    ]);
  });

  test('a deployment StageDescription with a cache is checked', () => {
    const stack = newStack();
    new CfnDeployment(stack, 'Plain', { restApiId: 'abc123', stageName: 'prod', stageDescription: { cacheClusterEnabled: true, cachingEnabled: true } });
    new CfnDeployment(stack, 'Encrypted', {
      restApiId: 'abc123',
      stageName: 'dev',
      stageDescription: { cacheClusterEnabled: true, cachingEnabled: true, cacheDataEncrypted: true },
    });
    new CfnDeployment(stack, 'Bare', { restApiId: 'abc123', stageName: 'test' });
    expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Plain')]);
  });

  test('values only known at deploy time are unresolved', () => {
    const stack = newStack();
    const flag = new CfnParameter(stack, 'Flag', { default: 'true' });
    new CfnStage(stack, 'Cluster', { restApiId: 'abc123', stageName: 'prod', cacheClusterEnabled: flag.valueAsString as any });
    new CfnStage(stack, 'Encryption', {
      restApiId: 'abc123',
      stageName: 'dev',
      cacheClusterEnabled: true,
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', cachingEnabled: true, cacheDataEncrypted: flag.valueAsString as any }],
    });
    expect(portcullisFindings(stack, RULE)).toEqual([
      finding(`${RULE}[unresolved:CacheClusterEnabled]`, 'Stack/Cluster'),
      finding(`${RULE}[unresolved:CacheDataEncrypted]`, 'Stack/Encryption'),
    ]);
  });
});
