import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { apiGatewayPrincipalKind } from '../../apigateway-principal';
import { unresolved, unresolvedFinding } from '../../findings';
import { isPseudoParameter, objectValue, placeholders, referencedLogicalId, renderTemplate, scalar } from '../../intrinsics';
import { referencedResource } from '../../related-resources';
import { ResourceView, StackView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

const FUNCTION = 'AWS::Lambda::Function';
/** Resources that stand for a function: invoking them invokes it. */
const FUNCTION_ALIASES = new Set(['AWS::Lambda::Alias', 'AWS::Lambda::Version']);
/** Conditions of a Lambda permission that narrow who may use it. */
const NARROWING = ['SourceArn', 'SourceAccount', 'PrincipalOrgID'];

/**
 * A Lambda function that is an integration backend of an API Gateway API of the stack has no way in
 * around the gateway: no Function URL with `AuthType: NONE`, no permission for every principal, and
 * no permission for a service principal without `SourceArn` / `SourceAccount`.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type === 'AWS::Lambda::Url') return checkUrl(resource);
  if (resource.type === 'AWS::Lambda::Permission') return checkPermission(resource);
  return NagRuleCompliance.NOT_APPLICABLE;
}

function checkUrl(url: ResourceView): NagRuleResult {
  if (!isBackend(url.stack, url.properties.TargetFunctionArn)) return NagRuleCompliance.NOT_APPLICABLE;
  const authType = scalar(url.properties.AuthType);
  if (authType.kind !== 'known') return [unresolved('AuthType')];
  return String(authType.value).toUpperCase() === 'NONE' ? ['function-url'] : NagRuleCompliance.COMPLIANT;
}

function checkPermission(permission: ResourceView): NagRuleResult {
  const p = permission.properties;
  // API Gateway's own permissions are checked by LambdaPermissionSourceArn and LambdaPermissionSourceAccount.
  const gateway = apiGatewayPrincipalKind(p.Principal);
  if (gateway === 'apigateway') return NagRuleCompliance.NOT_APPLICABLE;
  if (!isBackend(permission.stack, p.FunctionName)) return NagRuleCompliance.NOT_APPLICABLE;
  if (NARROWING.some((key) => p[key] !== undefined)) return NagRuleCompliance.COMPLIANT;
  const principal = renderTemplate(p.Principal);
  if (principal === undefined || gateway === 'unresolved') return [unresolved('Principal')];
  let finding: string | undefined;
  if (principal.trim() === '*') finding = 'any-principal';
  else if (/\.amazonaws\.com(\.cn)?$|\.\$\{AWS::URLSuffix\}$/.test(principal)) finding = 'unscoped-service';
  return finding === undefined ? NagRuleCompliance.COMPLIANT : [finding];
}

/** Whether the function a value names (a function, alias or version of the stack) is the backend of an API Gateway integration of the stack. */
function isBackend(stack: StackView, value: unknown): boolean {
  const fn = functionOf(stack, value);
  return fn !== undefined && backendFunctions(stack).has(fn);
}

/** The logical id of the function a value names, through aliases and versions. */
function functionOf(stack: StackView, value: unknown): string | undefined {
  for (let hops = 0; hops < 4; hops++) {
    let resource = referencedResource(stack, value);
    if (resource === undefined) {
      // `${Fn.Arn}:alias` and other ARNs built around a reference.
      const rendered = renderTemplate(value);
      const named = rendered === undefined ? [] : placeholders(rendered).filter((ph) => !isPseudoParameter(ph));
      resource = named.length === 1 ? stack.byId(named[0].name) : undefined;
    }
    if (resource === undefined) return undefined;
    if (resource.type === FUNCTION) return resource.logicalId;
    if (!FUNCTION_ALIASES.has(resource.type)) return undefined;
    value = resource.properties.FunctionName;
  }
  return undefined;
}

/**
 * The functions of the stack that API Gateway integrations invoke: named in an integration URI (HTTP
 * and WebSocket integrations, REST methods) or by a Lambda permission for API Gateway (which is how an
 * API defined in OpenAPI reaches its functions).
 */
function backendFunctions(stack: StackView): ReadonlySet<string> {
  return stack.memo('lambdaBackendFunctions', (index) => {
    const found = new Set<string>();
    const add = (value: unknown) => {
      const rendered = renderTemplate(value);
      for (const placeholder of rendered === undefined ? [] : placeholders(rendered)) {
        const fn = isPseudoParameter(placeholder) ? undefined : functionOf(index, { Ref: placeholder.name });
        if (fn !== undefined) found.add(fn);
      }
    };
    for (const integration of index.ofType('AWS::ApiGatewayV2::Integration')) add(integration.properties.IntegrationUri);
    for (const method of index.ofType('AWS::ApiGateway::Method')) {
      const integration = objectValue(method.properties.Integration);
      if (integration !== undefined && integration !== 'unresolved') add(integration.Uri);
    }
    for (const permission of index.ofType('AWS::Lambda::Permission')) {
      if (apiGatewayPrincipalKind(permission.properties.Principal) !== 'apigateway') continue;
      const fn = functionOf(index, permission.properties.FunctionName);
      if (fn !== undefined) found.add(fn);
      else if (referencedLogicalId(permission.properties.FunctionName) === undefined) add(permission.properties.FunctionName);
    }
    return found;
  });
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-BackendBypass',
    level: NagMessageLevel.ERROR,
    info: 'A Lambda function behind an API Gateway API can also be invoked around the gateway.',
    explanation:
      'The gateway is meant to be the single entry point, where authorization, WAF, throttling and access logs apply. A Function URL with `AuthType: NONE` on a function the API integrates with, or a Lambda permission that lets every principal (or a service principal of any account: no `SourceArn` / `SourceAccount`) invoke it, is a second, unauthenticated entry to the same code that none of those controls see. Reported whether the API is a Portcullis construct or plain aws-cdk-lib.',
    fix: 'Remove the Function URL (`fn.addFunctionUrl` / `FunctionUrl`), or create it with `authType: FunctionUrlAuthType.AWS_IAM`; grant invocation to named principals only (`fn.grantInvoke(role)`, or `addPermission` with a `sourceArn` and `sourceAccount`). In CloudFormation, set the `AWS::Lambda::Url` `AuthType` to `AWS_IAM` and give the `AWS::Lambda::Permission` a specific `Principal` with `SourceArn` / `SourceAccount`.',
    resourceTypes: ['AWS::Lambda::Url', 'AWS::Lambda::Permission'],
    findings: [
      { suffix: 'function-url', meaning: 'The function has a Function URL with `AuthType: NONE`: anyone on the internet can call it directly. Use `AWS_IAM`, or remove the URL.' },
      { suffix: 'any-principal', meaning: 'A Lambda permission lets `*` invoke the function (with no `SourceArn`, `SourceAccount` or `PrincipalOrgID`): any AWS account can call it directly.' },
      { suffix: 'unscoped-service', meaning: 'A Lambda permission lets a service principal invoke the function without `SourceArn` or `SourceAccount`: that service, acting for any AWS account, can call it (a confused deputy).' },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
