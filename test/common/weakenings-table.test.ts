import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Holds the README's "Weakenings" table and the constructs' props to each other: every prop that can
 * switch a security default off is in the table (or named below as not one, or as a known gap), and
 * every reason prop the table names exists, as a string, in the interface it names.
 */

const LIB = path.join(__dirname, '..', '..', 'lib');
const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

/** Prop types and names that can switch something off. */
const SWITCH_TYPE = /^(boolean|RemovalPolicy|MethodLoggingLevel|ManagedRuleGroup\[\]|ThrottleLimits|(apigateway\.)?SecurityPolicy|(apigateway\.)?EndpointAccessMode|ApiUserPoolMfa|cognito\.FeaturePlan)$/;
const SWITCH_NAME = /^allowOrigins$/;

/** Switch-like props that turn no security default down, and why. */
const NOT_WEAKENINGS: Record<string, string> = {
  'AcknowledgementView.declaredInStack': 'a view the rule pack reads, not a prop a user sets',
  'ApiGroup.external': 'an audit report field',
  'DomainTlsContext.multiLevel': 'an internal policy input',
  'DomainTlsContext.mutualTls': 'an internal policy input',
  'ISecureApi.detailedMetricsEnabled': 'read-only state of an API',
  'ResolvedAlarmPolicy.enabled': 'the resolved form of AlarmPolicy.enabled (in the table)',
  'AnomalyAlarmDefaults.enabled': 'the defaults of AnomalyAlarmPolicy.enabled (in the table)',
  'TemplateSource.fromFolderScan': 'an audit input field',
  'NotAudited.refused': 'an audit report field (an input refused by a limit)',
  "ReportOptionValues.'json'": 'the audit CLI flag that picks the JSON report',
  'SecureApiSharedProps.detailedMetrics': 'turns extra (billed) metrics on; off is the default',
  'SecureApiSharedProps.disableExecuteApiEndpoint': 'true hardens; the default endpoint kept by a domain needs keepExecuteApiEndpointReason',
  'SecureRestApiProps.accountLoggingDeclaredElsewhere': 'silences a warning about a role declared elsewhere; logging stays on',
  'SecureWebSocketApiProps.accountLoggingDeclaredElsewhere': 'silences a warning about a role declared elsewhere; logging stays on',
  'SecureRestMethodOptions.apiKeyRequired': 'true adds a requirement',
  // Not keyed by the caller: one cached response serves every caller allowed to call the method, which is
  // what the prop's documentation limits it to ("the same for every caller"). The template shows it per method.
  'SecureRestMethodOptions.cacheResponses': 'an opt-in per method for responses the same for every caller (documented); encrypted; refused without a cache',
  'HttpCorsOptions.allowCredentials': 'refused with * origins; with named origins it is what an authenticated browser app needs',
  'RestCorsOptions.allowCredentials': 'refused with * origins; with named origins it is what an authenticated browser app needs',
  'OidcJwtIssuerProps.requireTokenType': 'true hardens: refuses tokens without a typ header',
  'GatewayConfigRulesProps.createRecorder': 'true creates a recorder; false uses the one Control Tower or Security Hub runs',
  // Internal shapes of the split REST API and of the route spec: they carry a user's prop (in the table) or an API's state.
  'RestStageChoices.tracing': 'what the stage settings read of SecureRestApiProps.tracing (in the table)',
  'RestTlsChoices.securityPolicy': 'what the TLS policy reads of SecureRestApiProps.securityPolicy (in the table)',
  'RestTlsChoices.endpointAccessMode': 'what the TLS policy reads of SecureRestApiProps.endpointAccessMode (in the table)',
  'RestMethodBuilderContext.stageThrottle': 'the stage-wide limits the method builder copies per method',
  'RouteSpec.throttle': 'a route\'s throttle after normalisation, as declared',
  'RouteKeySpec.throttle': 'a WebSocket route\'s throttle after normalisation, as declared',
  'RouteKeyCall.reserved': 'which prop declares a WebSocket route, an input of the normalisation',
  'RouteKeyOptions.throttle': 'a WebSocket route\'s throttle as declared, the input of the normalisation',
  'RouteSpecContext.cors': 'whether the API answers preflight, an input of the normalisation',
  'RouteSpecContext.hasIntegration': 'an input of the normalisation',
  'RouteSpecContext.upperCaseMethods': 'an input of the normalisation',
};

/** Switches of a security default not yet behind a reason; the README's "Weakenings" names each. */
const KNOWN_GAPS: string[] = [];

interface Prop { readonly type: string }

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every property of every exported interface in lib/, as `Interface.prop` → its type as written. */
function propsOfLib(): Map<string, Prop> {
  const props = new Map<string, Prop>();
  for (const file of sourceFiles(LIB)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node) || !node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
      for (const member of node.members) {
        if (ts.isPropertySignature(member) && member.type) {
          props.set(`${node.name.text}.${member.name.getText(source)}`, { type: member.type.getText(source) });
        }
      }
    });
  }
  return props;
}

/** The table rows: switches (first column) and reason props (third column), as `Interface.prop`. */
function tableRows(): Array<{ switches: string[]; reasonProps: string[] }> {
  const start = README.indexOf('\n## Weakenings\n');
  const end = README.indexOf('\n## ', start + 1);
  const section = README.slice(start, end);
  return section.split('\n').filter((line) => line.startsWith('| `')).map((line) => {
    const cells = line.split(' | ');
    const names = (cell: string) => [...cell.matchAll(/`([A-Za-z]+\.[A-Za-z]+(?:\(\))?)`/g)].map((m) => m[1]);
    // A method's reason is its argument, named bare (`keepExecuteApiEndpointReason`).
    const reasonProps = [...cells[2].matchAll(/`((?:[A-Za-z]+\.)?[A-Za-z]+Reason)`/g)].map((m) => m[1]);
    return { switches: names(cells[0]), reasonProps };
  });
}

const props = propsOfLib();
const rows = tableRows();
const inTable = new Set(rows.flatMap((r) => r.switches));

test('the walk finds the props it should (a broken parser would make the other tests vacuous)', () => {
  expect(props.get('SecureRestApiProps.tracing')).toEqual({ type: 'boolean' });
  expect(props.get('UnusedApiSweeperProps.deletionEnabled')).toEqual({ type: 'boolean' });
  expect(rows.length).toBeGreaterThanOrEqual(10);
});

test('every prop that can switch a security default off is in the README table, or named as not one or as a known gap', () => {
  const switches = [...props.entries()]
    .filter(([name, prop]) => SWITCH_TYPE.test(prop.type) || SWITCH_NAME.test(name.split('.')[1]))
    .map(([name]) => name);
  const unlisted = switches.filter((name) => !inTable.has(name) && !(name in NOT_WEAKENINGS) && !KNOWN_GAPS.includes(name));
  expect(unlisted).toEqual([]);
});

test('every switch in the table is a prop of the library, and has a reason prop that is a string of the interface the table names', () => {
  for (const row of rows) {
    expect(row.reasonProps.length).toBeGreaterThan(0);
    for (const name of row.switches.filter((s) => !s.endsWith('()'))) expect([name, props.has(name)]).toEqual([name, true]);
    const isMethod = row.switches.every((s) => s.endsWith('()'));
    for (const reasonProp of row.reasonProps.filter(() => !isMethod)) {
      expect([reasonProp, props.get(reasonProp)?.type]).toEqual([reasonProp, 'string']);
      expect(reasonProp).toMatch(/Reason$/);
    }
  }
});

test('the known gaps are named in the README, and a gap that gets its reason prop moves into the table', () => {
  for (const gap of KNOWN_GAPS) {
    expect([gap, README.includes(gap.split('.')[0])]).toEqual([gap, true]);
    expect(inTable.has(gap)).toBe(false);
  }
});
