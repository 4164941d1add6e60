import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { listValue, objectValue, referencedLogicalId, renderTemplate } from '../../intrinsics';
import { policyStatements } from '../../policy-document';
import { referencedResource } from '../../related-resources';
import { ResourceView, StackView } from '../../resource-view';
import { PortcullisRule } from '../../rule';
import { actionPatternMatches } from '../stage/AccessLogKeyGrants';

/** SDK service names of API Gateway (v2 SDK ids, v3 package names, any case, with or without dashes). */
const API_GATEWAY_SERVICE = /^(@aws-sdk\/client-)?api-?gateway(-?v2)?$/i;
/** SDK actions that create or change routes, methods, APIs, integrations, authorizers, stages or deployments. */
const WRITE_ACTION = /^(create|put|import|reimport|update|patch)/i;
/** IAM actions that let a function create or change API Gateway resources (its control plane is REST: POST, PUT, PATCH). */
const WRITE_IAM_ACTIONS = ['apigateway:POST', 'apigateway:PUT', 'apigateway:PATCH'];
/** The Lambda environment variable aws-cdk-lib's custom-resource Provider framework names the user's handler in. */
const PROVIDER_USER_HANDLER = 'USER_ON_EVENT_FUNCTION_ARN';

/**
 * Custom resources do not create or change API Gateway resources at deploy time: an `AwsCustomResource`
 * SDK call to API Gateway that creates or changes something (`CreateRoute`, `PutMethod`,
 * `ImportRestApi`, …), or a provider function allowed to (`apigateway:POST` / `PUT` / `PATCH`).
 * What they create is not in the template, so no rule (and no audit) sees it.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type !== 'AWS::CloudFormation::CustomResource' && !resource.type.startsWith('Custom::')) return NagRuleCompliance.NOT_APPLICABLE;
  const p = resource.properties;
  for (const property of ['Create', 'Update', 'Delete']) {
    if (p[property] !== undefined && sdkCallWritesApiGateway(p[property])) return NagRuleCompliance.NON_COMPLIANT;
  }
  return providerMayWriteApiGateway(resource.stack, p.ServiceToken, 0) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

/** An `AwsCustomResource` call (JSON text, tokens rendered as `${…}`) to an API Gateway write action. */
function sdkCallWritesApiGateway(value: unknown): boolean {
  const text = renderTemplate(value);
  if (text === undefined) return false;
  let call: Record<string, unknown> | undefined;
  try {
    const parsed = JSON.parse(text);
    call = typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    call = undefined;
  }
  const service = String(call?.service ?? /"service"\s*:\s*"([^"]+)"/.exec(text)?.[1] ?? '');
  const action = String(call?.action ?? /"action"\s*:\s*"([^"]+)"/.exec(text)?.[1] ?? '');
  return API_GATEWAY_SERVICE.test(service) && WRITE_ACTION.test(action);
}

/** Whether the function behind a service token (through the Provider framework) may write to API Gateway. */
function providerMayWriteApiGateway(stack: StackView, serviceToken: unknown, hops: number): boolean {
  if (hops > 2) return false;
  const fn = referencedResource(stack, serviceToken);
  if (fn === undefined || fn.type !== 'AWS::Lambda::Function') return false;
  const environment = objectValue(fn.properties.Environment);
  const variables = environment === undefined || environment === 'unresolved' ? undefined : objectValue(environment.Variables);
  if (variables !== undefined && variables !== 'unresolved' && variables[PROVIDER_USER_HANDLER] !== undefined
    && providerMayWriteApiGateway(fn.stack, variables[PROVIDER_USER_HANDLER], hops + 1)) return true;
  const roleId = referencedLogicalId(fn.properties.Role);
  const role = roleId === undefined ? undefined : fn.stack.byId(roleId);
  if (role === undefined || role.type !== 'AWS::IAM::Role') return false;
  const managed = listValue(role.properties.ManagedPolicyArns);
  if (Array.isArray(managed) && managed.some((arn) => /AmazonAPIGatewayAdministrator/.test(renderTemplate(arn) ?? ''))) return true;
  const documents: unknown[] = [];
  const inline = listValue(role.properties.Policies);
  if (Array.isArray(inline)) documents.push(...inline.map((policy) => (objectValue(policy) as Record<string, unknown> | undefined)?.PolicyDocument));
  for (const policy of fn.stack.ofType('AWS::IAM::Policy')) {
    const roles = listValue(policy.properties.Roles);
    if (Array.isArray(roles) && roles.some((r) => referencedLogicalId(r) === role.logicalId)) documents.push(policy.properties.PolicyDocument);
  }
  return documents.some(allowsApiGatewayWrites);
}

function allowsApiGatewayWrites(document: unknown): boolean {
  const statements = policyStatements(document);
  if (statements === 'unresolved') return false;
  return statements.some((item) => {
    const statement = objectValue(item);
    if (statement === undefined || statement === 'unresolved' || statement.Effect !== 'Allow') return false;
    const actions = [statement.Action].flat().filter((a): a is string => typeof a === 'string');
    return actions.some((pattern) => WRITE_IAM_ACTIONS.some((action) => actionPatternMatches(pattern, action)));
  });
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-RoutesOutsideTemplate',
    level: NagMessageLevel.ERROR,
    info: 'A custom resource creates or changes API Gateway resources at deploy time, outside the template.',
    explanation:
      'Routes, methods, authorizers and stages a custom resource creates (an `AwsCustomResource` calling `CreateRoute`, `PutMethod`, `PutRestApi`, `ImportRestApi`, …, or a provider function allowed `apigateway:POST`, `PUT` or `PATCH`) are not in the template, so neither this pack, the other packs, nor `cdk-portcullis audit` sees whether they are authorized, throttled or logged. It is the easiest way to ship an open route past every check. A stack `Transform` naming a custom macro (anything but `AWS::Serverless-2016-10-31`, `AWS::LanguageExtensions` and `AWS::Include`) can do the same before deployment; it is not a resource, so `cdk-portcullis audit` lists it as not audited (`custom-macro`) and exits 3.',
    fix: 'Declare the routes in the template (`SecureHttpApi.addRoutes`, `SecureRestApi.addMethods`, or the L1s), or, for an OpenAPI import, pass the definition as the API\'s `Body` so the pack reads it. If the custom resource must stay, acknowledge with the reason and audit the API it changes after deployment.',
    resourceTypes: ['AWS::CloudFormation::CustomResource', 'Custom::*'],
  },
  check,
};

export default rule;
