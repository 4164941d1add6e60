import { NagMessageLevel, NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { fromFindings, unresolved, unresolvedFinding } from '../../findings';
import { listValue, objectValue, renderTemplate, scalar, soloPlaceholder } from '../../intrinsics';
import { ResourceView } from '../../resource-view';
import { PortcullisRule } from '../../rule';

/** Headers that carry credentials and must not reach WAF logs, with the finding for each. */
const CREDENTIAL_HEADERS: ReadonlyArray<[header: string, finding: string]> = [
  ['authorization', 'authorization-not-redacted'],
  ['cookie', 'cookie-not-redacted'],
];

/**
 * WAFv2 web ACLs have a logging configuration in this stack, and it redacts the `authorization`
 * and `cookie` headers.
 */
function check(resource: ResourceView): NagRuleResult {
  if (resource.type !== 'AWS::WAFv2::WebACL') return NagRuleCompliance.NOT_APPLICABLE;
  const acl = resource.logicalId;
  const name = scalar(resource.properties.Name);
  let sawUnreadable = false;
  for (const config of resource.stack.ofType('AWS::WAFv2::LoggingConfiguration')) {
    const target = renderTemplate(config.properties.ResourceArn);
    if (target === undefined) {
      sawUnreadable = true;
      continue;
    }
    const matches = target === `\${${acl}.Arn}`
      || (name.kind === 'known' && new RegExp(`/webacl/${escape(String(name.value))}/`).test(target));
    if (matches) return redaction(config.properties.RedactedFields);
    // A bare parameter or import might be this web ACL's ARN.
    const solo = soloPlaceholder(target);
    if (solo !== undefined && resource.stack.byId(solo.name) === undefined) sawUnreadable = true;
  }
  return sawUnreadable ? [unresolved('LoggingConfiguration')] : NagRuleCompliance.NON_COMPLIANT;
}

function redaction(redactedFields: unknown): NagRuleResult {
  const fields = listValue(redactedFields);
  if (fields === 'unresolved') return [unresolved('RedactedFields')];
  const redacted = new Set<string>();
  let unknown = false;
  for (const field of fields ?? []) {
    const f = objectValue(field);
    if (f === undefined || f === 'unresolved') {
      unknown = true;
      continue;
    }
    const header = objectValue(f.SingleHeader);
    if (header === 'unresolved') {
      unknown = true;
    } else if (header !== undefined) {
      const headerName = scalar(header.Name ?? header.name);
      if (headerName.kind === 'known') redacted.add(String(headerName.value).toLowerCase());
      else unknown = true;
    }
  }
  const missing = CREDENTIAL_HEADERS.filter(([h]) => !redacted.has(h)).map(([, finding]) => finding);
  if (missing.length > 0 && unknown) return [unresolved('RedactedFields')];
  return fromFindings(missing);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const rule: PortcullisRule = {
  info: {
    id: 'Portcullis-WafLogging',
    level: NagMessageLevel.ERROR,
    info: 'The WAFv2 web ACL has no logging configuration in this stack.',
    explanation:
      'WAF logs are the only record of which rule blocked or counted which request, needed to investigate an attack and to tune rules before they block legitimate clients. They hold every request header, so bearer tokens and session cookies end up in them unless the logging configuration redacts them. NIST 800-53, HIPAA and PCI DSS (WAFv2LoggingEnabled, not in AwsSolutions) only check that a logging configuration names the web ACL; this rule also reports `authorization` and `cookie` headers left in the logs, and reports a configuration it cannot read as unresolved.',
    fix: 'Use `GatewayWebAcl`, or create a `wafv2.CfnLoggingConfiguration` with `resourceArn: webAcl.attrArn`, a destination named `aws-waf-logs-…`, and `redactedFields: [{ singleHeader: { Name: \'authorization\' } }, { singleHeader: { Name: \'cookie\' } }]`.',
    resourceTypes: ['AWS::WAFv2::WebACL'],
    findings: [
      { suffix: 'authorization-not-redacted', meaning: 'The logging configuration does not redact the `authorization` header, so bearer tokens and Basic credentials are written to the logs.' },
      { suffix: 'cookie-not-redacted', meaning: 'The logging configuration does not redact the `cookie` header, so session cookies are written to the logs.' },
      { suffix: 'unresolved:LoggingConfiguration', meaning: 'No logging configuration names this web ACL, and one in the stack has a ResourceArn the pack cannot read; it may or may not be this web ACL\'s.' },
      unresolvedFinding(),
    ],
  },
  check,
};

export default rule;
