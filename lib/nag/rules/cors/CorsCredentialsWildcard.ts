import { parse } from 'path';
import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { unresolved } from '../../findings';
import { booleanValue, listValue, objectValue, scalar } from '../../intrinsics';
import { propertiesOf } from '../../resource-index';

const ALLOW_ORIGIN = 'method.response.header.access-control-allow-origin';
const ALLOW_CREDENTIALS = 'method.response.header.access-control-allow-credentials';

/**
 * CORS never allows credentials together with any origin (`*`): v2 `CorsConfiguration`,
 * REST integration responses' `Access-Control-Allow-*` headers.
 * @param node the CfnResource to check
 */
export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    if (node.cfnResourceType === 'AWS::ApiGatewayV2::Api') return checkV2Api(node);
    if (node.cfnResourceType === 'AWS::ApiGateway::Method') return checkRestMethod(node);
    return NagRuleCompliance.NOT_APPLICABLE;
  },
  'name',
  { value: parse(__filename).name },
);

function checkV2Api(node: CfnResource): NagRuleResult {
  const cors = objectValue(propertiesOf(node).CorsConfiguration);
  if (cors === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  if (cors === 'unresolved') return [unresolved('CorsConfiguration')];
  const credentials = booleanValue(cors.AllowCredentials);
  if (credentials === 'unresolved') return [unresolved('AllowCredentials')];
  if (credentials !== true) return NagRuleCompliance.COMPLIANT;
  const origins = listValue(cors.AllowOrigins);
  if (origins === 'unresolved') return [unresolved('AllowOrigins')];
  const values = (origins ?? []).map((origin) => scalar(origin));
  if (values.some((origin) => origin.kind === 'known' && origin.value === '*')) return NagRuleCompliance.NON_COMPLIANT;
  return values.some((origin) => origin.kind !== 'known') ? [unresolved('AllowOrigins')] : NagRuleCompliance.COMPLIANT;
}

function checkRestMethod(node: CfnResource): NagRuleResult {
  const integration = objectValue(propertiesOf(node).Integration);
  if (integration === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  if (integration === 'unresolved') return [unresolved('Integration')];
  const responses = listValue(integration.IntegrationResponses);
  if (responses === 'unresolved') return [unresolved('IntegrationResponses')];
  let sawUnresolved = false;
  for (const item of responses ?? []) {
    const response = objectValue(item);
    const parameters = response === 'unresolved' ? 'unresolved' : objectValue(response?.ResponseParameters);
    if (parameters === 'unresolved') {
      sawUnresolved = true;
      continue;
    }
    if (parameters === undefined) continue;
    const origin = header(parameters, ALLOW_ORIGIN);
    const credentials = header(parameters, ALLOW_CREDENTIALS);
    if (origin === "'*'" && credentials === "'true'") return NagRuleCompliance.NON_COMPLIANT;
    if ((origin === 'unresolved' || origin === "'*'") && (credentials === 'unresolved' || credentials === "'true'")) sawUnresolved = true;
  }
  return sawUnresolved ? [unresolved('ResponseParameters')] : NagRuleCompliance.COMPLIANT;
}

/** A static header mapping value (`'value'` with the quotes), case-insensitive on the header name. */
function header(parameters: Record<string, unknown>, name: string): string | undefined | 'unresolved' {
  const key = Object.keys(parameters).find((candidate) => candidate.toLowerCase() === name);
  if (key === undefined) return undefined;
  const value = scalar(parameters[key]);
  return value.kind === 'known' ? String(value.value).replace(/\s+/g, '') : 'unresolved';
}
