/**
 * What a cloud assembly records about construct paths: the logical id of each
 * CfnResource (`aws:cdk:logicalId`) and the rules acknowledged on a construct
 * (`aws:cdk:acknowledged-rules`, written by `Validations.of(x).acknowledge()`).
 */

/** An `aws:cdk:acknowledged-rules` entry: rule id → reason, declared on a construct path. */
export interface PathAcknowledgement {
  /** Construct path without a leading slash, e.g. `ApiStack/Api`. */
  readonly path: string;
  /** Rule id with any `Annotation::` namespace removed. */
  readonly ruleId: string;
  readonly reason: string;
}

export interface ConstructMetadata {
  /** Construct path (no leading slash) → logical id. */
  readonly logicalIds: ReadonlyMap<string, string>;
  readonly acknowledgements: readonly PathAcknowledgement[];
  /**
   * Construct path (no leading slash) of a stack or nested stack → its template file (`aws:cdk:templateFile`).
   * @default - none recorded
   */
  readonly templateFiles?: ReadonlyMap<string, string>;
  /**
   * Construct path (no leading slash) → the frames of `aws:cdk:creationStack`, which aws-cdk-lib records for every
   * construct unless the context `aws:cdk:disable-creation-stack-traces` is set (library frames folded into one line).
   * @default - none recorded
   */
  readonly creationStacks?: ReadonlyMap<string, readonly string[]>;
}

export const EMPTY_CONSTRUCT_METADATA: ConstructMetadata = { logicalIds: new Map(), acknowledgements: [] };

const TEMPLATE_FILE_TYPE = 'aws:cdk:templateFile';
const CREATION_STACK_TYPE = 'aws:cdk:creationStack';

/**
 * The logical ids that belong to one template file: those whose closest enclosing stack (the
 * longest path with an `aws:cdk:templateFile`) writes to `file`. A parent stack's metadata also
 * lists its nested stacks' resources; without this a nested resource could lend its path to a
 * parent resource with the same logical id.
 */
export function logicalIdsOfTemplate(metadata: ConstructMetadata, file: string): ReadonlyMap<string, string> {
  const files = metadata.templateFiles;
  if (files === undefined || files.size === 0) return metadata.logicalIds;
  const roots = [...files.keys()].sort((a, b) => b.length - a.length);
  const owned = new Map<string, string>();
  metadata.logicalIds.forEach((logicalId, path) => {
    const root = roots.find((r) => path.startsWith(`${r}/`));
    if (root !== undefined && files.get(root) === file) owned.set(path, logicalId);
  });
  return owned;
}

const LOGICAL_ID_TYPE = 'aws:cdk:logicalId';
// Same value as Validations.ACKNOWLEDGED_RULES_METADATA_KEY; kept literal so this file stays free of aws-cdk-lib.
const ACKNOWLEDGED_RULES_TYPE = 'aws:cdk:acknowledged-rules';

/** Strips the leading slash the manifest puts on construct paths. */
export function normalizeConstructPath(path: string): string {
  return path.replace(/^\/+/, '');
}

/**
 * Reads the per-path metadata entries of one stack artifact
 * (`{ "/Stack/Construct": [{ type, data }, …] }`).
 */
export function parseConstructMetadata(entriesByPath: unknown): ConstructMetadata {
  const logicalIds = new Map<string, string>();
  const acknowledgements: PathAcknowledgement[] = [];
  const templateFiles = new Map<string, string>();
  const creationStacks = new Map<string, readonly string[]>();
  if (!isRecord(entriesByPath)) {
    return { logicalIds, acknowledgements };
  }
  for (const [rawPath, entries] of Object.entries(entriesByPath)) {
    if (!Array.isArray(entries)) continue;
    const path = normalizeConstructPath(rawPath);
    for (const entry of entries) {
      if (!isRecord(entry)) continue;
      if (entry.type === LOGICAL_ID_TYPE && typeof entry.data === 'string') {
        logicalIds.set(path, entry.data);
      } else if (entry.type === TEMPLATE_FILE_TYPE && typeof entry.data === 'string') {
        templateFiles.set(path, entry.data);
      } else if (entry.type === CREATION_STACK_TYPE && Array.isArray(entry.data)) {
        creationStacks.set(path, entry.data.filter((frame: unknown): frame is string => typeof frame === 'string'));
      } else if (entry.type === ACKNOWLEDGED_RULES_TYPE && isRecord(entry.data)) {
        for (const [qualifiedId, reason] of Object.entries(entry.data)) {
          const ruleId = annotationRuleId(qualifiedId);
          if (ruleId !== undefined) {
            acknowledgements.push({ path, ruleId, reason: typeof reason === 'string' ? reason : '' });
          }
        }
      }
    }
  }
  return { logicalIds, acknowledgements, templateFiles, creationStacks };
}

/** Merges the metadata of several artifacts (construct paths are unique within an app). */
export function mergeConstructMetadata(all: readonly ConstructMetadata[]): ConstructMetadata {
  const logicalIds = new Map<string, string>();
  const acknowledgements: PathAcknowledgement[] = [];
  const templateFiles = new Map<string, string>();
  const creationStacks = new Map<string, readonly string[]>();
  for (const m of all) {
    m.logicalIds.forEach((id, path) => logicalIds.set(path, id));
    m.templateFiles?.forEach((file, path) => templateFiles.set(path, file));
    m.creationStacks?.forEach((frames, path) => creationStacks.set(path, frames));
    acknowledgements.push(...m.acknowledgements);
  }
  return { logicalIds, acknowledgements, templateFiles, creationStacks };
}

/**
 * cdk-nag rules are acknowledged as annotation rules (`Annotation::AwsSolutions-APIG1`), or in
 * the namespace of the pack's validation plugin (`Portcullis::Portcullis-RestWaf`): aws-cdk-lib
 * suppresses a plugin's finding acknowledged that way at synth, and its report suggests that form.
 * cdk-nag packs are plugins named after their rule-id prefix, so `<pack>::<pack>-<rule>` is the
 * rule `<pack>-<rule>`. Ids of other validation plugins (`CloudFormation-Validate::W2531`) are
 * not ours: undefined. The `::` inside a granular suffix (`AwsSolutions-IAM4[Policy::arn…]`) is
 * not a namespace.
 */
function annotationRuleId(qualifiedId: string): string | undefined {
  const id = qualifiedId.replace(/^annotation::/i, '');
  const bracket = id.indexOf('[');
  const head = bracket === -1 ? id : id.slice(0, bracket);
  const separator = head.indexOf('::');
  if (separator === -1) return id;
  const namespace = head.slice(0, separator);
  const ruleId = id.slice(separator + 2);
  return ruleId.startsWith(`${namespace}-`) ? ruleId : undefined;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
