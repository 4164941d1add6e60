import { CfnParameter, Stack } from 'aws-cdk-lib';
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

  describe('one stage per stack', () => {
    /** A stack of its own with a parameter `Flag` (for values known only at deploy time) and a cache-cluster stage `Stage`. */
    function stageWith(methodSettings: (flag: CfnParameter) => unknown): Stack {
      const stack = newStack();
      const flag = new CfnParameter(stack, 'Flag', { default: 'true' });
      new CfnStage(stack, 'Stage', { restApiId: 'abc123', stageName: 'prod', cacheClusterEnabled: true, methodSettings: methodSettings(flag) as any });
      return stack;
    }
    const STAGE_WIDE = { httpMethod: '*', resourcePath: '/*' };
    const ITEMS = { httpMethod: 'GET', resourcePath: '/~1items' };

    test('a MethodSettings list that is a parameter is unresolved', () => {
      const stack = newStack();
      const settings = new CfnParameter(stack, 'Settings', { type: 'CommaDelimitedList' });
      new CfnStage(stack, 'Stage', { restApiId: 'abc123', stageName: 'prod', cacheClusterEnabled: true, methodSettings: settings.valueAsList as any });

      expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:MethodSettings]`, 'Stack/Stage')]);
    });

    test('a MethodSettings entry that is an Fn::If is unresolved', () => {
      const stack = stageWith((flag) => [{ 'Fn::If': ['Strict', { ...STAGE_WIDE, cachingEnabled: false }, { Ref: flag.logicalId }] }]);

      expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:MethodSettings]`, 'Stack/Stage')]);
    });

    test('a stage-wide CachingEnabled that is a parameter is unresolved', () => {
      const stack = stageWith((flag) => [{ ...STAGE_WIDE, cachingEnabled: flag.valueAsString }]);

      expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:CachingEnabled]`, 'Stack/Stage')]);
    });

    test('a method\'s CachingEnabled that is a parameter is unresolved', () => {
      const stack = stageWith((flag) => [{ ...STAGE_WIDE, cachingEnabled: false }, { ...ITEMS, cachingEnabled: flag.valueAsString }]);

      expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:CachingEnabled]`, 'Stack/Stage')]);
    });

    test('a method\'s CacheDataEncrypted that is a parameter is unresolved', () => {
      const stack = stageWith((flag) => [
        { ...STAGE_WIDE, cachingEnabled: false },
        { ...ITEMS, cachingEnabled: true, cacheDataEncrypted: flag.valueAsString },
      ]);

      expect(portcullisFindings(stack, RULE)).toEqual([finding(`${RULE}[unresolved:CacheDataEncrypted]`, 'Stack/Stage')]);
    });

    test('a method that turns encryption off inherits the stage\'s caching and is reported', () => {
      const stack = stageWith(() => [{ ...STAGE_WIDE, cachingEnabled: true, cacheDataEncrypted: true }, { ...ITEMS, cacheDataEncrypted: false }]);

      expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Stage')]);
    });

    test('a method that encrypts its own cache leaves the stage\'s other cached methods unencrypted', () => {
      const stack = stageWith(() => [{ ...STAGE_WIDE, cachingEnabled: true, cacheDataEncrypted: false }, { ...ITEMS, cacheDataEncrypted: true }]);

      expect(portcullisFindings(stack, RULE)).toEqual([finding(RULE, 'Stack/Stage')]);
    });

    test('a method that does not cache needs no encryption', () => {
      const stack = stageWith(() => [{ ...STAGE_WIDE, cachingEnabled: false }, { ...ITEMS, cachingEnabled: false }]);

      expect(portcullisFindings(stack, RULE)).toEqual([]);
    });

    test('a later stage-wide entry without CachingEnabled keeps the earlier entry\'s caching off', () => {
      const stack = stageWith(() => [{ ...STAGE_WIDE, cachingEnabled: false }, { ...STAGE_WIDE, cacheDataEncrypted: false }]);

      expect(portcullisFindings(stack, RULE)).toEqual([]);
    });

    test('a later stage-wide entry that encrypts overrides an earlier one that does not', () => {
      const stack = stageWith(() => [
        { ...STAGE_WIDE, cachingEnabled: true, cacheDataEncrypted: false },
        { ...STAGE_WIDE, cacheDataEncrypted: true },
      ]);

      expect(portcullisFindings(stack, RULE)).toEqual([]);
    });

    test('a later stage-wide entry without CacheDataEncrypted keeps the earlier entry\'s encryption', () => {
      const stack = stageWith(() => [{ ...STAGE_WIDE, cachingEnabled: true, cacheDataEncrypted: true }, { ...STAGE_WIDE, cachingEnabled: true }]);

      expect(portcullisFindings(stack, RULE)).toEqual([]);
    });
  });
});
