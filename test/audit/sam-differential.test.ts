import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SamResourceOrigins } from './sam-generated-ids';
import { SamTranslation, samOracleStatus, translateSamTemplates } from './sam-oracle';
import { AuditResult, failsAudit } from '../../lib/audit/audit-result';
import { runAudit } from '../../lib/audit/auditor';
import { PORTCULLIS_PACK } from '../../lib/audit/portcullis-pack';
import { SAM_TRANSFORM } from '../../lib/audit/sam/sam-template';

/**
 * Differential test (issue 25): the SAM translator is the oracle of what a SAM template deploys. For every
 * template of the corpus (public SAM templates, test/audit/sam-corpus/SOURCES.md), the audit of the SAM
 * template and the audit of its CloudFormation translation must report the same defects (rule ids) on the
 * same resources, a generated resource counting as the SAM resource that generates it.
 */

const CORPUS = path.join(__dirname, 'sam-corpus');
const TEMPLATES = fs.readdirSync(CORPUS).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
/** Resource types of an API in CloudFormation: a translation with one of them has an API to audit. */
const API_TYPES = new Set(['AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api']);

const status = samOracleStatus();

if (!status.available) {
  if (process.env.CI) {
    test('SAM differential: CI must run the SAM oracle (see .ci/run)', () => {
      throw new Error(`the SAM differential test cannot run: ${status.reason}`);
    });
  } else {
    console.warn(`SAM differential test skipped: ${status.reason}`);
    test.skip(`SAM differential skipped: ${status.reason}`, () => undefined);
  }
} else {
  describe('SAM differential: the audit of a SAM template agrees with the audit of its translation', () => {
    let translations: Map<string, SamTranslation>;
    let translatedDir: string;

    // One Python process translates the templates not cached yet: about 10 s for the whole corpus.
    beforeAll(() => {
      translations = translateSamTemplates(TEMPLATES.map((name) => path.join(CORPUS, name)));
      translatedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sam-differential-'));
    }, 180_000);
    afterAll(() => fs.rmSync(translatedDir, { recursive: true, force: true }));

    test('the corpus holds at least 45 templates', () => {
      expect(TEMPLATES.length).toBeGreaterThanOrEqual(45);
    });

    test.each(TEMPLATES)('%s', (name) => {
      const translation = translations.get(path.join(CORPUS, name))!;
      // The corpus holds only templates SAM accepts.
      expect({ samRejects: translation.error }).toEqual({ samRejects: undefined });
      const translatedFile = path.join(translatedDir, `${path.parse(name).name}.translated.json`);
      fs.writeFileSync(translatedFile, JSON.stringify(translation.template, undefined, 1));

      const sam = audit(samInput(name, translation.sam!, translatedDir));
      const cfn = audit(translatedFile);
      const origins = new SamResourceOrigins(translation.sam!);

      // No refusal (exit 2) of a template SAM accepts.
      expect(refusals(sam)).toEqual([]);
      expect(refusals(cfn)).toEqual([]);

      // No silent pass: when the translation has an API, the SAM audit found one.
      const translatedApis = Object.entries(translation.template!.Resources ?? {})
        .filter(([, r]: [string, any]) => API_TYPES.has(r?.Type)).map(([id]) => id).sort();
      const silentPass = translatedApis.length > 0 && sam.apis.length === 0 && sam.findings.length === 0;
      expect(silentPass ? `silent pass: no API and no finding, but the translation has ${translatedApis.join(', ')}` : undefined).toBeUndefined();
      // The same APIs, a generated one counting as the SAM resource that generates it.
      expect({ apisOfSamAudit: apisOf(sam, origins) }).toEqual({ apisOfSamAudit: apisOf(cfn, origins) });

      // The same defects on the same resources, as many times.
      const samFindings = findingsOf(sam, origins, () => undefined).map(inCloudFormationTerms);
      const cfnFindings = findingsOf(cfn, origins, (id) => (origins.originOf(id) === id ? undefined : routeKeyOf(translation.template!, id)));
      expect({ onlyInSamAudit: without(samFindings, cfnFindings), onlyInTranslationAudit: without(cfnFindings, samFindings) })
        .toEqual({ onlyInSamAudit: [], onlyInTranslationAudit: [] });
    });
  });
}

function audit(file: string): AuditResult {
  return runAudit(file, { packs: [PORTCULLIS_PACK] });
}

/**
 * The SAM template as CloudFormation receives it. SAM's own translator tests (the `sam--` files) omit the
 * `Transform` line, since they call the translator directly; CloudFormation applies SAM only when the
 * template names the transform, so a copy with it added is audited. Other templates are audited as they are.
 */
function samInput(name: string, sam: Record<string, any>, dir: string): string {
  const file = path.join(CORPUS, name);
  if (sam.Transform !== undefined) return file;
  const copy = path.join(dir, name);
  fs.writeFileSync(copy, `Transform: ${SAM_TRANSFORM}\n${fs.readFileSync(file, 'utf8')}`);
  return copy;
}

/** Inputs the audit refused or could not read (what makes the CLI exit 2). */
function refusals(result: AuditResult): string[] {
  const refused = result.notAudited.filter(failsAudit).map((n) => `${n.kind}${n.logicalId ? ` ${n.logicalId}` : ''}: ${n.reason}`);
  return result.templates.length === 0 && refused.length === 0 ? ['skipped: not read as a CloudFormation template'] : refused;
}

/** The APIs a result groups findings under, by the SAM resource they come from. */
function apisOf(result: AuditResult, origins: SamResourceOrigins): string[] {
  return [...new Set(result.apis.filter((a) => !a.external).map((a) => origins.originOf(a.id)))].sort();
}

/** A method or route a finding names among what the resource creates: `GET /orders (AWS::ApiGateway::Method)`. */
const CREATED_METHOD = /^(.*) \((AWS::ApiGateway::Method|AWS::ApiGatewayV2::Route)\)$/;

/**
 * Each finding as `<rule id> on <SAM resource>`, or `<rule id> on <API>: <method>` once per method or route
 * it is about, sorted. A method SAM creates from a function's event lives in the definition of the API the
 * event names, so a finding the SAM audit reports on the function for it counts on that API, as in the
 * translation. Other things a resource creates (a stage) count once each.
 */
function findingsOf(result: AuditResult, origins: SamResourceOrigins, routeKey: (logicalId: string) => string | undefined): string[] {
  const keys: string[] = [];
  for (const f of result.findings) {
    const methods = f.created.map((c) => CREATED_METHOD.exec(c)?.[1]).filter((m): m is string => m !== undefined);
    const ownRoute = routeKey(f.logicalId);
    if (ownRoute !== undefined) methods.push(ownRoute);
    const others = f.created.filter((c) => !CREATED_METHOD.test(c)).length;
    const on = origins.originOf(f.logicalId);
    for (const m of methods) {
      // A method a function's event adds counts on the API it is added to; when the function adds the same
      // method to several APIs, the finding does not say which, so it counts on any one of them.
      const isFunction = f.resourceType === 'AWS::Serverless::Function';
      const apis = isFunction ? origins.apisOfEventMethod(f.logicalId, m).map((a) => origins.originOf(a)) : [];
      const where = apis.length > 0 ? apis.join(ALTERNATIVE) : isFunction && f.api !== undefined ? origins.originOf(f.api) : on;
      keys.push(`${f.ruleId} on ${where}: ${m}`);
    }
    const plain = methods.length === 0 ? Math.max(1, others) : others;
    for (let i = 0; i < plain; i++) keys.push(`${f.ruleId} on ${on}`);
  }
  return keys.sort();
}

/**
 * What SAM's API properties become in the translation (sam_resources.py, api_generator.py): a finding that
 * names the SAM property (`[unresolved:DefinitionUri]`) names the CloudFormation one in the translation's audit.
 */
const CLOUDFORMATION_PROPERTY: Record<string, string> = { DefinitionUri: 'BodyS3Location', DefinitionBody: 'Body' };

function inCloudFormationTerms(key: string): string {
  return key.replace(/\b(DefinitionUri|DefinitionBody)\b/g, (name) => CLOUDFORMATION_PROPERTY[name]);
}

/** The route key of a route resource SAM generated (for a WebSocket API), so it counts as that route of the API. */
function routeKeyOf(template: Record<string, any>, logicalId: string): string | undefined {
  const resource = template.Resources?.[logicalId];
  if (resource?.Type !== 'AWS::ApiGatewayV2::Route') return undefined;
  return typeof resource.Properties?.RouteKey === 'string' ? resource.Properties.RouteKey : undefined;
}

/** Separates the APIs a finding may be on (`A|B`) in a finding key. */
const ALTERNATIVE = '|';

/** The elements of `a` not matched one-for-one in `b` (multiset difference); `on A|B` matches `on A` and `on B`. */
function without(a: readonly string[], b: readonly string[]): string[] {
  const rest = [...b];
  return a.filter((x) => {
    const i = rest.findIndex((y) => sameFinding(x, y));
    if (i < 0) return true;
    rest.splice(i, 1);
    return false;
  });
}

function sameFinding(x: string, y: string): boolean {
  if (x === y) return true;
  const [px, py] = [FINDING_KEY.exec(x), FINDING_KEY.exec(y)];
  if (!px || !py || px[1] !== py[1] || px[3] !== py[3]) return false;
  const on = new Set(px[2].split(ALTERNATIVE));
  return py[2].split(ALTERNATIVE).some((r) => on.has(r));
}

/** `<rule id> on <resource or APIs>[: <method>]`. */
const FINDING_KEY = /^(.*?) on ([^:]+)(: .*)?$/;
