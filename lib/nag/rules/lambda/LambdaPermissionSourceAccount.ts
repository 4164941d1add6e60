import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { apiGatewayPrincipalKind } from '../../apigateway-principal';
import { fieldKind, parseExecuteApiArn } from '../../execute-api-arn';
import { unresolved, unresolvedFinding } from '../../findings';
import { renderTemplate } from '../../intrinsics';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/**
 * Lambda permissions for API Gateway name the account the calling API lives in (`SourceAccount`),
 * beside the `SourceArn` that names the API.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type !== 'AWS::Lambda::Permission') return NagRuleCompliance.NOT_APPLICABLE;
  const p = resource.properties;
  const principal = apiGatewayPrincipalKind(p.Principal);
  if (principal === 'other') return NagRuleCompliance.NOT_APPLICABLE;
  if (principal === 'unresolved') return [unresolved('Principal')];
  if (p.SourceAccount === undefined || p.SourceAccount === null) return NagRuleCompliance.NON_COMPLIANT;
  const account = renderTemplate(p.SourceAccount);
  const kind = account === undefined ? undefined : fieldKind(account);
  if (kind === 'pseudo' && account === '${AWS::AccountId}') return NagRuleCompliance.COMPLIANT;
  if (kind !== 'literal' || !/^\d{12}$/.test(account!)) return [unresolved('SourceAccount')];
  const arnTemplate = renderTemplate(p.SourceArn);
  const arn = arnTemplate === undefined ? undefined : parseExecuteApiArn(arnTemplate);
  if (arn !== undefined && fieldKind(arn.account) === 'literal' && arn.account !== account) return ['account-mismatch'];
  return NagRuleCompliance.COMPLIANT;
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-LambdaPermissionSourceAccount',
    level: NagMessageLevel.WARN,
    info: 'The Lambda permission for API Gateway has no SourceAccount naming the account of the calling API.',
    explanation:
      'AWS recommends both `aws:SourceArn` and `aws:SourceAccount` on permissions for service principals (confused-deputy protection). A warning, not an error: a SourceArn that names one API and its account, which `Portcullis-LambdaPermissionSourceArn` requires, already lets only that API invoke the function, as API Gateway API ids are unique in a Region. SourceAccount is the second lock: it still holds when the SourceArn is later widened (`*` for the API id, or an account wildcard) or built from a value that turns out wrong. Portcullis constructs add it to every permission they create. SAM does not add it to the permissions it generates for `Api` / `HttpApi` events (their SourceArn names `${AWS::AccountId}` and the API), so SAM functions with API events get this warning.',
    fix: 'Set `sourceAccount: Stack.of(this).account` in `addPermission` (or `SourceAccount: !Ref AWS::AccountId` on the `AWS::Lambda::Permission`); Portcullis constructs do it for you. For a permission SAM generates, acknowledge on the function with the reason that its SourceArn names the API and account.',
    resourceTypes: ['AWS::Lambda::Permission'],
    findings: [
      { suffix: 'account-mismatch', meaning: 'SourceAccount names another account than the SourceArn does, so the permission never matches and API Gateway cannot invoke the function: use the API\'s account in both.' },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
