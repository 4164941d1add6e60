import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LambdaIntegration, RestApi } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { CfnResource } from 'aws-cdk-lib/core';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { finding, lambdaFunction, newStack, portcullisFindings } from './nag-test-util';
import { PortcullisChecks } from '../../lib/nag/portcullis-checks';
import { ResourceIndex, resourceViewOf, withValidationSession } from '../../lib/nag/resource-index';
import { ACKNOWLEDGEMENT_RULES, RESOURCE_RULES } from '../../lib/nag/rules';

describe('the rule catalogue', () => {
  test('the catalogue is the rule list: each rule file\'s entry, in order, with unique ids', () => {
    expect(PortcullisChecks.RULES).toEqual([...RESOURCE_RULES, ...ACKNOWLEDGEMENT_RULES].map((rule) => rule.info));
    const ids = PortcullisChecks.RULES.map((rule) => rule.id);
    expect([...new Set(ids)]).toEqual(ids);
  });

  test('every entry is complete: id, level, info, explanation, fix, resource types', () => {
    for (const rule of PortcullisChecks.RULES) {
      expect(rule.id).toMatch(/^Portcullis-[A-Z][A-Za-z0-9]+$/);
      expect(Object.values(NagMessageLevel)).toContain(rule.level);
      expect(rule.info.length).toBeGreaterThan(20);
      expect(rule.explanation.length).toBeGreaterThan(40);
      expect(rule.fix.length).toBeGreaterThan(20);
    }
    for (const rule of RESOURCE_RULES) expect(rule.info.resourceTypes.length).toBeGreaterThan(0);
    // Acknowledgement rules check acknowledgements on any construct, not resources of a type.
    for (const rule of ACKNOWLEDGEMENT_RULES) expect(rule.info.resourceTypes).toEqual([]);
  });

  test('the catalogue cannot be changed by callers', () => {
    expect(Object.isFrozen(PortcullisChecks.RULES)).toBe(true);
    expect(Object.isFrozen(PortcullisChecks.RULES[0])).toBe(true);
    expect(Object.isFrozen(PortcullisChecks.RULES[0].resourceTypes)).toBe(true);
  });

  test('ruleInfo finds the entry for a rule id or a finding id', () => {
    expect(PortcullisChecks.ruleInfo('Portcullis-AccessLogs[missing]')?.id).toBe('Portcullis-AccessLogs');
    expect(PortcullisChecks.ruleInfo('Portcullis-RestWaf')?.fix).toContain('CfnWebACLAssociation');
    expect(PortcullisChecks.ruleInfo('Portcullis-AcknowledgementReason[AwsSolutions-IAM4[Policy::arn:aws:iam::aws:policy/x]]')?.id).toBe('Portcullis-AcknowledgementReason');
    expect(PortcullisChecks.ruleInfo('AwsSolutions-APIG1')).toBeUndefined();
  });

  test('the pack reports the catalogue text and level', () => {
    const stack = newStack();
    new RestApi(stack, 'Rest').root.addMethod('GET');
    const report = new PortcullisChecks().validateScope(stack);
    const waf = report.violations.find((v) => v.ruleName === 'Portcullis-RestWaf');
    expect(waf?.description).toBe(PortcullisChecks.ruleInfo('Portcullis-RestWaf')?.info);
    expect(waf?.severity).toBe('error');
  });

  test('a rule only applies to the resource types the catalogue lists', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    new HttpApi(stack, 'Http').addRoutes({ path: '/x', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('I', fn) });
    new RestApi(stack, 'Rest').root.addMethod('GET', new LambdaIntegration(fn));
    const resources = stack.node.findAll().filter(CfnResource.isCfnResource);
    withValidationSession(() => {
      for (const rule of RESOURCE_RULES) {
        const others = resources.filter((r) => !rule.info.resourceTypes.includes(r.cfnResourceType));
        expect(others.map((r) => [r.node.path, rule.check(resourceViewOf(r))]))
          .toEqual(others.map((r) => [r.node.path, NagRuleCompliance.NOT_APPLICABLE]));
      }
    });
  });
});

describe('rules read a plain view of a resource', () => {
  const NAG_DIR = path.join(__dirname, '..', '..', 'lib', 'nag');

  test('no rule, and nothing a rule imports, reads a construct: no aws-cdk-lib or constructs import, no __filename', () => {
    // Only the pack (portcullis-checks.ts) and the view builder (resource-index.ts) see constructs.
    const ruleModules = sourceFiles(NAG_DIR).filter((file) => !/\/(portcullis-checks|resource-index)\.ts$/.test(file));
    const offending = ruleModules.filter((file) => /from '(aws-cdk-lib|constructs)(\/[^']*)?'|__filename/.test(fs.readFileSync(file, 'utf8')));
    expect(offending.map((file) => path.relative(NAG_DIR, file))).toEqual([]);
    expect(ruleModules.length).toBeGreaterThan(15);
  });

  test('rules evaluated on the synthesized template report what the pack reports on the construct tree', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    const http = new HttpApi(stack, 'Http', { corsPreflight: { allowOrigins: ['https://*'], allowCredentials: true } });
    http.addRoutes({ path: '/items', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('Items', fn) });
    http.addRoutes({
      path: '/orders',
      methods: [HttpMethod.GET],
      integration: new HttpLambdaIntegration('Orders', fn),
      authorizer: new HttpJwtAuthorizer('Jwt', 'https://issuer.example.com', { jwtAudience: ['api'] }),
    });
    const rest = new RestApi(stack, 'Rest');
    rest.root.addResource('items').addMethod('GET', new LambdaIntegration(fn));
    new CfnWebACLAssociation(stack, 'Waf', { resourceArn: rest.deploymentStage.stageArn, webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/a/1' });

    const template = Template.fromStack(stack).toJSON();
    const index = ResourceIndex.fromTemplate(template);
    const fromTemplate = index.all().flatMap((resource) => RESOURCE_RULES.flatMap((rule) => {
      const result = rule.check(resource);
      const ids = result === NagRuleCompliance.NON_COMPLIANT ? [rule.info.id] : Array.isArray(result) ? result.map((f) => `${rule.info.id}[${f}]`) : [];
      return ids.map((id) => `${id} ${resource.logicalId}`);
    }));
    const resources = stack.node.findAll().filter(CfnResource.isCfnResource);
    const logicalIds = new Map(resources.map((r) => [r.node.path, stack.resolve(r.logicalId) as string]));
    const fromTree = portcullisFindings(stack).map((f) => `${f.rule} ${logicalIds.get(f.path)}`);

    expect(fromTemplate.sort()).toEqual(fromTree.sort());
    expect(fromTree.length).toBeGreaterThanOrEqual(6);
  });
});

describe('aws-cdk-lib defaults fail the pack', () => {
  test('a default HttpApi with a Lambda route', () => {
    const stack = newStack();
    new HttpApi(stack, 'Http').addRoutes({ path: '/items', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('Items', lambdaFunction(stack)) });

    expect(portcullisFindings(stack)).toEqual([
      finding('Portcullis-AccessLogs[missing]', 'Stack/Http/DefaultStage/Resource'),
      finding('Portcullis-LambdaPermissionSourceAccount', 'Stack/Http/GET--items/Items-Permission'),
      finding('Portcullis-RouteAuthorization', 'Stack/Http/GET--items/Resource'),
      finding('Portcullis-StageThrottling', 'Stack/Http/DefaultStage/Resource'),
    ]);
  });

  test('a default RestApi with a Lambda method', () => {
    const stack = newStack();
    new RestApi(stack, 'Rest').root.addResource('items').addMethod('GET', new LambdaIntegration(lambdaFunction(stack)));

    expect(portcullisFindings(stack)).toEqual([
      finding('Portcullis-AccessLogs[missing]', 'Stack/Rest/DeploymentStage.prod/Resource'),
      finding('Portcullis-LambdaPermissionSourceAccount', 'Stack/Rest/Default/items/GET/ApiPermission.StackRest5B255120.GET..items'),
      finding('Portcullis-LambdaPermissionSourceAccount', 'Stack/Rest/Default/items/GET/ApiPermission.Test.StackRest5B255120.GET..items'),
      finding('Portcullis-RestApiTlsPolicy', 'Stack/Rest/Resource'),
      finding('Portcullis-RestExecutionLogging', 'Stack/Rest/DeploymentStage.prod/Resource'),
      finding('Portcullis-RestTracing', 'Stack/Rest/DeploymentStage.prod/Resource'),
      finding('Portcullis-RestWaf', 'Stack/Rest/DeploymentStage.prod/Resource'),
      finding('Portcullis-RouteAuthorization', 'Stack/Rest/Default/items/GET/Resource'),
      finding('Portcullis-StageThrottling', 'Stack/Rest/DeploymentStage.prod/Resource'),
    ]);
  });
});

describe('acknowledgements', () => {
  test('acknowledging Portcullis-RestWaf on the stage removes exactly that finding', () => {
    const stack = newStack();
    const api = new RestApi(stack, 'Rest');
    api.root.addMethod('GET');
    Validations.of(api.deploymentStage).acknowledge({ id: 'Portcullis-RestWaf', reason: 'Fronted by CloudFront with its own web ACL' });

    expect(portcullisFindings(stack)).toEqual([
      finding('Portcullis-AccessLogs[missing]', 'Stack/Rest/DeploymentStage.prod/Resource'),
      finding('Portcullis-RestApiTlsPolicy', 'Stack/Rest/Resource'),
      finding('Portcullis-RestExecutionLogging', 'Stack/Rest/DeploymentStage.prod/Resource'),
      finding('Portcullis-RestTracing', 'Stack/Rest/DeploymentStage.prod/Resource'),
      finding('Portcullis-RouteAuthorization', 'Stack/Rest/Default/GET/Resource'),
      finding('Portcullis-StageThrottling', 'Stack/Rest/DeploymentStage.prod/Resource'),
    ]);
  });

  test('a finding id is acknowledged on its own, on an ancestor', () => {
    const stack = newStack();
    new HttpApi(stack, 'Http');
    Validations.of(stack).acknowledge({ id: 'Portcullis-AccessLogs[missing]', reason: 'Logged at the edge' });

    expect(portcullisFindings(stack)).toEqual([finding('Portcullis-StageThrottling', 'Stack/Http/DefaultStage/Resource')]);
  });
});

describe('validation lifecycle', () => {
  test('a tree that changes after a validation is validated afresh', () => {
    const stack = newStack();
    const api = new RestApi(stack, 'Rest');
    api.root.addMethod('GET');
    const pack = new PortcullisChecks();
    const wafFindings = () => pack.validateScope(stack).violations.filter((v) => v.ruleName === 'Portcullis-RestWaf').length;
    expect(wafFindings()).toBe(1);

    new CfnWebACLAssociation(stack, 'Waf', { resourceArn: api.deploymentStage.stageArn, webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/a/1' });
    expect(wafFindings()).toBe(0);
  });

  test('validating an app covers every stack', () => {
    const app = new App();
    for (const id of ['One', 'Two']) new HttpApi(new Stack(app, id), 'Http');
    const paths = portcullisFindings(app, 'Portcullis-StageThrottling').map((f) => f.path);
    expect(paths).toEqual(['One/Http/DefaultStage/Resource', 'Two/Http/DefaultStage/Resource']);
  });

  test('registered with Validations.of(app).addPlugins, synthesis fails on findings', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'portcullis-nag-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    Validations.of(app).addPlugins(new PortcullisChecks(app));
    new HttpApi(new Stack(app, 'Stack'), 'Http');
    try {
      expect(() => app.synth()).toThrow(/Portcullis-StageThrottling[\s\S]*Portcullis-AccessLogs\[missing\]/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  // How long the pack takes is measured in `npm run bench`, not asserted here: a timed test fails on a loaded machine.
  test('a 300-route API is validated route by route', () => {
    const stack = newStack();
    const fn = lambdaFunction(stack);
    const api = new HttpApi(stack, 'Http');
    const authorizer = new HttpJwtAuthorizer('Jwt', 'https://issuer.example.com', { jwtAudience: ['api'] });
    const rest = new RestApi(stack, 'Rest');
    for (let i = 0; i < 300; i++) {
      api.addRoutes({ path: `/r${i}`, methods: [HttpMethod.GET], integration: new HttpLambdaIntegration(`I${i}`, fn), authorizer });
      rest.root.addResource(`r${i}`).addMethod('GET');
    }
    const found = portcullisFindings(stack);
    expect(found.filter((f) => f.rule === 'Portcullis-RouteAuthorization')).toHaveLength(300); // the REST methods
  });
});

/** The .ts files of a folder and its subfolders. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}
