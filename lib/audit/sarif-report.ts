import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { NagMessageLevel } from 'cdk-nag';
import { AuditPack, baseRuleId } from './audit-pack';
import { AuditResult, Finding, NotAudited, failsAudit, hidesRoutes } from './audit-result';
import { ExitPolicy, exitCodeOf } from './exit-code';
import { SARIF_FINGERPRINT_KEY, findingFingerprint } from './fingerprint';
import { packOfRule } from './pack-selection';
import { PORTCULLIS_PACK } from './portcullis-pack';
import { resourceLines } from './resource-lines';
import { TOOL_NAME, toolVersion } from './tool-version';
import { PortcullisChecks } from '../nag/portcullis-checks';

/**
 * The audit as a SARIF 2.1.0 log, for code-scanning dashboards (GitHub code scanning, Azure DevOps, …).
 *
 * Hand-built objects rather than a builder library: the log is one run with a fixed shape, the shapes below are
 * the whole of what is written, and the tests validate the output against the official 2.1.0 schema and the
 * SARIF Multitool's rules. A builder (node-sarif-builder) would add runtime dependencies to a CLI that has none
 * besides aws-cdk-lib and cdk-nag, for no field it could fill that these objects do not.
 */

/** The SARIF version and schema written. */
export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** Where relative artifact URIs are rooted: the directory the audit ran in (a CI checkout's root). */
export const SRCROOT = '%SRCROOT%';

const INFORMATION_URI = 'https://github.com/portcullis-dev/cdk-portcullis';

/** Options of {@link renderSarif}. */
export interface SarifOptions {
  /** The exit policy the run used (`--fail-on`, `--baseline`); results in the baseline are `baselineState: unchanged`. */
  readonly policy?: ExitPolicy;
  /**
   * Directory that relative artifact URIs are rooted at (`%SRCROOT%`).
   * @default process.cwd()
   */
  readonly root?: string;
  /** The packs that ran (their rules are the run's `tool.driver.rules`). */
  readonly packs: readonly AuditPack[];
}

interface SarifMessage { readonly text: string; readonly markdown?: string }
interface SarifArtifactLocation { readonly uri: string; readonly uriBaseId?: string }
interface SarifRegion { readonly startLine: number; readonly startColumn?: number }
interface SarifPhysicalLocation { readonly artifactLocation: SarifArtifactLocation; readonly region?: SarifRegion }
interface SarifLogicalLocation { readonly name: string; readonly fullyQualifiedName?: string; readonly kind: string }
interface SarifReportingDescriptor {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifMessage;
  readonly fullDescription: SarifMessage;
  readonly help: SarifMessage;
  readonly helpUri: string;
  readonly defaultConfiguration: { readonly level: 'error' | 'warning' };
  readonly properties: { readonly 'tags': string[]; readonly 'precision': string; readonly 'security-severity': string };
}

/** The SARIF log of an audit, as text. */
export function renderSarif(result: AuditResult, options: SarifOptions): string {
  const root = options.root ?? process.cwd();
  const policy = options.policy ?? {};
  const rules = reportingDescriptors(result, options.packs);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const lines = new Map<string, ReadonlyMap<string, number>>();
  const lineOf = (file: string, logicalId: string) => {
    if (!lines.has(file)) {
      let text = '';
      try {
        text = fs.readFileSync(file, 'utf-8');
      } catch {
        // Read when audited; gone since: no line.
      }
      lines.set(file, resourceLines(text));
    }
    return lines.get(file)!.get(logicalId);
  };

  const results = result.findings.map((f) => {
    const template = result.templates.find((t) => t.template === f.template);
    const stack = template?.stackName ?? f.template;
    const logical: SarifLogicalLocation[] = [
      { name: stack, fullyQualifiedName: stack, kind: 'module' },
      ...(f.cdkPath === undefined ? [] : [{ name: f.cdkPath.split('/').slice(-2).join('/'), fullyQualifiedName: f.cdkPath, kind: 'namespace' }]),
      { name: f.logicalId, fullyQualifiedName: `${stack}.${f.logicalId}`, kind: 'resource' },
    ];
    const templateLocation: SarifPhysicalLocation | undefined = template === undefined ? undefined : {
      artifactLocation: artifactLocation(template.file, root),
      region: { startLine: lineOf(template.file, f.logicalId) ?? 1 },
    };
    // For a CDK app, the line of the app's source that created the resource is where the fix goes.
    const source = f.sourceLocation;
    const sourceLocation: SarifPhysicalLocation | undefined = source === undefined ? undefined : {
      artifactLocation: artifactLocation(source.file, root),
      region: { startLine: source.line, startColumn: source.column },
    };
    const primary = sourceLocation ?? templateLocation;
    const baselined = policy.baseline?.baselined.has(f);
    return {
      ruleId: baseRuleId(f.ruleId),
      ruleIndex: ruleIndex.get(baseRuleId(f.ruleId)),
      level: f.level,
      message: { text: messageOf(f) },
      locations: [{ ...(primary === undefined ? {} : { physicalLocation: primary }), logicalLocations: logical }],
      ...(sourceLocation !== undefined && templateLocation !== undefined
        ? { relatedLocations: [{ id: 1, physicalLocation: templateLocation, message: { text: `${f.logicalId} (${f.resourceType}) in the template` } }] }
        : {}),
      partialFingerprints: { [SARIF_FINGERPRINT_KEY]: findingFingerprint(result, f) },
      ...(policy.baseline === undefined ? {} : { baselineState: baselined ? 'unchanged' : 'new' }),
      properties: {
        findingId: f.ruleId,
        pack: f.pack,
        template: f.template,
        logicalId: f.logicalId,
        resourceType: f.resourceType,
        ...(f.cdkPath === undefined ? {} : { cdkPath: f.cdkPath }),
        ...(f.created.length === 0 ? {} : { created: f.created }),
      },
    };
  });

  const exitCode = exitCodeOf(result, policy);
  const version = toolVersion();
  const log = {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [{
      tool: {
        driver: {
          name: TOOL_NAME,
          informationUri: INFORMATION_URI,
          version,
          semanticVersion: version,
          rules,
        },
      },
      invocations: [{
        executionSuccessful: !result.notAudited.some(failsAudit) && result.templates.length > 0,
        exitCode,
        toolExecutionNotifications: result.notAudited.map((n) => notification(n, result, root)),
      }],
      originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(root) } },
      results,
      columnKind: 'utf16CodeUnits',
      properties: {
        packs: result.packs,
        acknowledgementsHonoured: result.acknowledged.length,
        findingsSuppressed: result.acknowledged.reduce((n, a) => n + a.suppressed, 0),
        ...(policy.failOn === undefined ? {} : { failOn: policy.failOn }),
        ...(policy.baseline === undefined ? {} : {
          baseline: {
            file: policy.baseline.file,
            baselined: policy.baseline.baselined.size,
            new: result.findings.length - policy.baseline.baselined.size,
            stale: policy.baseline.stale,
          },
        }),
      },
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** The rules of the run: the Portcullis catalogue when it ran, and every other rule some finding names. */
function reportingDescriptors(result: AuditResult, packs: readonly AuditPack[]): SarifReportingDescriptor[] {
  const rules = new Map<string, SarifReportingDescriptor>();
  if (packs.includes(PORTCULLIS_PACK)) {
    for (const rule of PortcullisChecks.RULES) {
      rules.set(rule.id, descriptor(rule.id, PORTCULLIS_PACK, rule.level === NagMessageLevel.ERROR ? 'error' : 'warning', rule.info, rule.explanation, rule.fix));
    }
  }
  for (const f of result.findings) {
    const id = baseRuleId(f.ruleId);
    if (rules.has(id)) continue;
    const pack = packOfRule(id) ?? packs.find((p) => p.title === f.pack);
    // A standard pack's catalogue is not published as data: its text comes from the first finding of the rule.
    rules.set(id, descriptor(id, pack, f.level, f.info, f.explanation, f.fix));
  }
  return [...rules.values()];
}

function descriptor(id: string, pack: AuditPack | undefined, level: 'error' | 'warning', info: string, explanation: string, fix: string): SarifReportingDescriptor {
  const helpUri = pack?.helpUri(id) ?? INFORMATION_URI;
  return {
    id,
    name: id.replace(/^[^-]*-/, '').replace(/[^A-Za-z0-9]/g, ''),
    shortDescription: { text: oneLine(info) },
    fullDescription: { text: oneLine(explanation) },
    help: {
      text: `${oneLine(explanation)}\n\nFix: ${oneLine(fix)}\n\nAccept a finding for good with an acknowledgement and a reason of at least 10 characters: Validations.of(construct).acknowledge({ id: '${id}', reason: '…' }). Rule documentation: ${helpUri}`,
      markdown: `${oneLine(explanation)}\n\n**Fix:** ${oneLine(fix)}\n\nAccept a finding for good with an acknowledgement and a reason of at least 10 characters: \`Validations.of(construct).acknowledge({ id: '${id}', reason: '…' })\`. [Rule documentation](${helpUri}).`,
    },
    helpUri,
    defaultConfiguration: { level },
    properties: {
      'tags': ['security', 'cloudformation', pack?.title ?? 'cdk-nag'],
      'precision': 'high',
      // GitHub code scanning ranks security alerts by this score: 7.0 and up is "high", 4.0 to 6.9 "medium".
      'security-severity': level === 'error' ? '7.5' : '5.0',
    },
  };
}

function messageOf(f: Finding): string {
  const where = `${f.logicalId} (${f.resourceType}${f.cdkPath === undefined ? '' : `, ${f.cdkPath}`})`;
  const created = f.created.length === 0 ? '' : ` Created by it and at fault: ${f.created.join(', ')}.`;
  const id = f.ruleId === baseRuleId(f.ruleId) ? '' : ` [${f.ruleId}]`;
  return `${oneLine(f.info)}${id} On ${where}.${created} Fix: ${oneLine(f.fix)}`;
}

function notification(n: NotAudited, result: AuditResult, root: string) {
  const template = result.templates.find((t) => t.template === n.template);
  const file = template?.file ?? path.resolve(resolveInput(result.path), n.template);
  return {
    descriptor: { id: n.kind },
    level: failsAudit(n) || hidesRoutes(n) ? 'error' : 'note',
    message: { text: `${n.template}${n.logicalId === undefined ? '' : ` ${n.logicalId} (${n.resourceType})`}: not audited: ${oneLine(n.reason)}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(file, root) } }],
  };
}

/** The folder a not-audited entry's name is relative to: the audited folder, or the folder of the audited file. */
function resolveInput(input: string): string {
  const absolute = path.resolve(input);
  try {
    return fs.statSync(absolute).isDirectory() ? absolute : path.dirname(absolute);
  } catch {
    return path.dirname(absolute);
  }
}

/** A file under the root as a relative URI against `%SRCROOT%`; anything else as an absolute `file:` URI. */
function artifactLocation(file: string, root: string): SarifArtifactLocation {
  const relative = path.relative(path.resolve(root), path.resolve(file));
  if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) {
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
  return { uri: pathToFileURL(path.resolve(file)).href };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(path.resolve(dir)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
