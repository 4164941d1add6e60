/**
 * The data model of an audit: what the auditor produces and the reports render.
 * Plain readonly data so the JSON report is a direct projection of it.
 */

import { SourceLocation } from './source-location';

/** Severity of a finding, as reported by cdk-nag (`NagMessageLevel`). */
export type FindingLevel = 'error' | 'warning';

/** One template that was audited. */
export interface AuditedTemplate {
  /** Path of the template relative to the audited path (its file name for a single file). */
  readonly template: string;
  /** Absolute path of the template file (for SARIF locations; the JSON and Markdown reports show `template`). */
  readonly file: string;
  /** Stack name when the template came from a cloud assembly (cdk.out). */
  readonly stackName?: string;
  /** Number of resources in the template. */
  readonly resourceCount: number;
}

/** The API a finding is grouped under. */
export interface ApiGroup {
  readonly template: string;
  /** Logical id of the API resource, or a description of an API defined elsewhere (`ApiId` literal or parameter). */
  readonly id: string;
  /** The API's `Name` when the template sets one (rendered: `${AWS::StackName}-api` for an intrinsic). */
  readonly name?: string;
  /** CloudFormation type of the API resource when it is in the template. */
  readonly type?: string;
  /** `aws:cdk:path` of the API resource when known. */
  readonly cdkPath?: string;
  /** True when the API is not a resource of this template (imported id or parameter). */
  readonly external: boolean;
}

/** One rule violation that remains after acknowledgements. */
export interface Finding {
  readonly template: string;
  /** Id of the API group, undefined for "Other resources". */
  readonly api?: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly cdkPath?: string;
  /** Full rule id, including a `[detail]` suffix for granular findings. */
  readonly ruleId: string;
  /** Display name of the pack that reported it. */
  readonly pack: string;
  readonly level: FindingLevel;
  /** What is wrong (the rule's one-line info). */
  readonly info: string;
  /** Why it matters (the rule's explanation). */
  readonly explanation: string;
  /** How to fix it. */
  readonly fix: string;
  /**
   * The resources this one creates implicitly that the rule found at fault (a SAM event's method, the
   * `$default` route of a quick-create API, an operation of an OpenAPI body), e.g.
   * `GET /orders (AWS::ApiGateway::Method)`; empty when the finding is about the resource itself.
   */
  readonly created: string[];
  /**
   * Where the app's source created the resource: the first frame of user code in the construct's
   * `aws:cdk:creationStack` in the cloud assembly. Undefined for templates not from a cloud assembly, or when the
   * assembly recorded no such frame.
   */
  readonly sourceLocation?: SourceLocation;
}

/** Where an acknowledgement was recorded. */
export type AcknowledgementSource = 'template-metadata' | 'cloud-assembly';

/** An acknowledgement recorded in the template or cloud assembly, as it applies to one resource. */
export interface RecordedAcknowledgement {
  readonly template: string;
  readonly logicalId: string;
  readonly cdkPath?: string;
  readonly ruleId: string;
  /** The reason as recorded ('' when there is none). */
  readonly reason: string;
  readonly source: AcknowledgementSource;
  /** Logical id (template metadata) or construct path (cloud assembly) the acknowledgement was declared on. */
  readonly declaredOn: string;
}

/** An acknowledgement applied to one resource. */
export interface HonouredAcknowledgement extends RecordedAcknowledgement {
  /** Number of findings of the selected packs it suppressed on this resource. */
  readonly suppressed: number;
}

/** An acknowledgement not honoured: its findings remain. */
export interface RejectedAcknowledgement extends RecordedAcknowledgement {
  /** Why it is not honoured: "no reason given", "reason too short (6 visible characters; at least 10)" or "reason has no visible letter or digit". */
  readonly problem: string;
}

/** Count of remaining findings for one rule. */
export interface RuleCount {
  readonly ruleId: string;
  readonly level: FindingLevel;
  readonly count: number;
}

/**
 * Why an input, or part of one, was not audited:
 * - `template`: a file that could not be read, parsed or loaded (the reason names what is wrong);
 * - `serverless-framework`: a Serverless Framework service file, not a CloudFormation template;
 * - `nested-stack`: a nested stack (or SAM application) whose template is not among the audited files;
 * - `custom-macro`: a `Transform` (or `Fn::Transform`) naming a macro other than SAM, the language
 *   extensions and `AWS::Include`: what it adds or changes is not in the template;
 * - `custom-resource`: a custom resource, whose effect the audit cannot see;
 * - `not-a-template`: a file found by scanning a folder that is not a template (an OpenAPI definition, …).
 * The first three make the exit code 2, `custom-macro` 3; the last two are listed for the record (a custom
 * resource that creates or changes API Gateway resources is also an error finding,
 * `Portcullis-RoutesOutsideTemplate`).
 */
export type NotAuditedKind = 'template' | 'serverless-framework' | 'nested-stack' | 'custom-macro' | 'custom-resource' | 'not-a-template';

/** An input, or a part of one, that was not audited. */
export interface NotAudited {
  /** The file, relative to the audited path. */
  readonly template: string;
  readonly kind: NotAuditedKind;
  /** Logical id of the resource not audited (nested stacks, custom resources). */
  readonly logicalId?: string;
  /** CloudFormation type of that resource. */
  readonly resourceType?: string;
  /** What it is and what to do, e.g. "a Serverless Framework service file: audit the output of `serverless package`". */
  readonly reason: string;
  /**
   * Refused before it was read or audited: not a regular file, a symlink out of the audited folder, or over an
   * input limit (`reason` names the flag that raises it).
   * @default false
   */
  readonly refused?: boolean;
}

/** Whether a not-audited entry means the template deployed is not the template audited (exit code 3). */
export function hidesRoutes(entry: NotAudited): boolean {
  return entry.kind === 'custom-macro';
}

/** Whether a not-audited entry means part of the estate went unchecked (exit code 2). */
export function failsAudit(entry: NotAudited): boolean {
  return entry.kind === 'template' || entry.kind === 'serverless-framework' || entry.kind === 'nested-stack';
}

/** Everything the reports need. */
export interface AuditResult {
  /** The path given on the command line. */
  readonly path: string;
  /** Display names of the packs that ran, in order. */
  readonly packs: string[];
  readonly templates: AuditedTemplate[];
  readonly apis: ApiGroup[];
  readonly findings: Finding[];
  readonly acknowledged: HonouredAcknowledgement[];
  /** Acknowledgements that were found but not honoured (no reason, or too short a reason). */
  readonly rejectedAcknowledgements: RejectedAcknowledgement[];
  /** Inputs, or parts of them, that were not audited. */
  readonly notAudited: NotAudited[];
  readonly summary: {
    readonly errors: number;
    readonly warnings: number;
    readonly byRule: RuleCount[];
  };
}

/** The key of an acknowledgement's declaration: one declaration on a construct path covers every resource below it. */
export function declarationKey(a: RecordedAcknowledgement): string {
  return [a.template, a.ruleId, a.reason, a.source, a.declaredOn].join('\u0000');
}

/** How many acknowledgements were declared (what both reports count), however many resources each covers. */
export function acknowledgementDeclarationCount(acks: readonly RecordedAcknowledgement[]): number {
  return new Set(acks.map(declarationKey)).size;
}
