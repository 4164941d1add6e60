import * as fs from 'fs';
import * as path from 'path';
import { AuditInputError } from './audit-input-error';
import { ConstructMetadata, EMPTY_CONSTRUCT_METADATA, mergeConstructMetadata, parseConstructMetadata } from './construct-metadata';
import { TemplateSource } from './template-source';

export const MANIFEST_FILE = 'manifest.json';

const STACK_ARTIFACT = 'aws:cloudformation:stack';
const NESTED_ASSEMBLY_ARTIFACT = 'cdk:cloud-assembly';
const ASSET_MANIFEST_ARTIFACT = 'cdk:asset-manifest';
const NESTED_STACK_TEMPLATE = /\.nested\.template\.json$/;

/** True when `dir` looks like a cloud assembly (`cdk.out`). */
export function isCloudAssembly(dir: string): boolean {
  return fs.existsSync(path.join(dir, MANIFEST_FILE));
}

/**
 * The templates of a cloud assembly: every stack artifact listed in `manifest.json`
 * (following nested assemblies of CDK Stages), plus nested-stack templates in the folder.
 * Returns an empty list when the manifest lists no stacks.
 *
 * @param root the audited path; template names are relative to it
 */
export function readCloudAssembly(dir: string, root: string = dir): TemplateSource[] {
  const manifestFile = path.join(dir, MANIFEST_FILE);
  const manifest = readJson(manifestFile);
  const artifacts = isRecord(manifest.artifacts) ? manifest.artifacts : {};
  const sources: TemplateSource[] = [];
  const metadataOfStacks: ConstructMetadata[] = [];

  const stacks: Array<{ source: TemplateSource; metadata: ConstructMetadata }> = [];
  for (const [artifactId, artifact] of Object.entries(artifacts)) {
    if (!isRecord(artifact)) continue;
    const props = isRecord(artifact.properties) ? artifact.properties : {};
    if (artifact.type === STACK_ARTIFACT && typeof props.templateFile === 'string') {
      const metadata = stackMetadata(dir, artifact);
      metadataOfStacks.push(metadata);
      const file = path.join(dir, props.templateFile);
      const source = {
        file,
        name: path.relative(root, file),
        stackName: typeof props.stackName === 'string' ? props.stackName : (artifact.displayName ?? artifactId),
        constructMetadata: metadata,
      };
      stacks.push({ source, metadata });
      sources.push(source);
    } else if (artifact.type === NESTED_ASSEMBLY_ARTIFACT && typeof props.directoryName === 'string') {
      const nestedDir = path.join(dir, props.directoryName);
      if (isCloudAssembly(nestedDir)) {
        sources.push(...readCloudAssembly(nestedDir, root));
      }
    }
  }

  // Nested stacks are assets, not artifacts; their construct paths are unique in the app,
  // so they see the metadata of all stacks of this assembly.
  const allMetadata = mergeConstructMetadata(metadataOfStacks);
  const nestedPaths = nestedStackPaths(dir, stacks.map((s) => s.source.file), allMetadata.logicalIds, assetFilesByObjectKey(dir, artifacts));
  const nested = [...nestedPaths.values()];
  const owned = logicalIdsByOwner(allMetadata.logicalIds, nested);
  for (const { source, metadata } of stacks) {
    // A stack's logical-id entries also list its nested stacks' resources; keep only its own.
    const own = new Map([...metadata.logicalIds].filter(([cdkPath]) => ownerOf(cdkPath, nested) === undefined));
    sources[sources.indexOf(source)] = { ...source, constructMetadata: { ...metadata, logicalIds: own } };
  }
  for (const entry of fs.readdirSync(dir).sort()) {
    if (NESTED_STACK_TEMPLATE.test(entry)) {
      const file = path.join(dir, entry);
      const nestedPath = nestedPaths.get(entry);
      sources.push({
        file,
        name: path.relative(root, file),
        constructMetadata: {
          logicalIds: nestedPath === undefined ? new Map() : owned.get(nestedPath) ?? new Map(),
          acknowledgements: allMetadata.acknowledgements,
        },
      });
    }
  }
  return sources;
}

/**
 * The construct path of each nested stack whose template is in `dir`, by template file name. A
 * template names its nested stacks' templates (`AWS::CloudFormation::Stack` resources whose
 * `TemplateURL` holds the asset's object key, or with `aws:asset:path` metadata); the stack's
 * `aws:cdk:logicalId` entries give the construct path of that resource
 * (`<nested stack path>.NestedStack/<id>.NestedStackResource`).
 */
function nestedStackPaths(
  dir: string, stackTemplates: readonly string[], logicalIds: ReadonlyMap<string, string>, assetFiles: ReadonlyMap<string, string>,
): Map<string, string> {
  const paths = new Map<string, string>();
  const queue = [...stackTemplates];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    let resources: Record<string, any>;
    try {
      resources = readJson(file).Resources ?? {};
    } catch {
      continue; // the template loader reports an unreadable template
    }
    for (const [logicalId, resource] of Object.entries(resources)) {
      if (resource?.Type !== 'AWS::CloudFormation::Stack') continue;
      const url = JSON.stringify(resource.Properties?.TemplateURL ?? '');
      const asset = resource.Metadata?.['aws:asset:path'] ?? [...assetFiles].find(([objectKey]) => url.includes(objectKey))?.[1];
      if (typeof asset !== 'string' || paths.has(asset)) continue;
      const candidates = [...logicalIds].filter(([p, id]) => id === logicalId && NESTED_STACK_RESOURCE_PATH.test(p));
      if (candidates.length !== 1) continue;
      paths.set(asset, candidates[0][0].replace(NESTED_STACK_RESOURCE_PATH, ''));
      queue.push(path.join(dir, asset));
    }
  }
  return paths;
}

/** Asset file names (relative to `dir`) by their S3 object key, from the assembly's asset manifests. */
function assetFilesByObjectKey(dir: string, artifacts: Record<string, any>): Map<string, string> {
  const files = new Map<string, string>();
  for (const artifact of Object.values(artifacts)) {
    if (artifact?.type !== ASSET_MANIFEST_ARTIFACT || typeof artifact.properties?.file !== 'string') continue;
    let assets: Record<string, any>;
    try {
      assets = readJson(path.join(dir, artifact.properties.file)).files ?? {};
    } catch {
      continue;
    }
    for (const asset of Object.values(assets)) {
      if (typeof asset?.source?.path !== 'string') continue;
      for (const destination of Object.values(asset.destinations ?? {}) as any[]) {
        if (typeof destination?.objectKey === 'string') files.set(destination.objectKey, asset.source.path);
      }
    }
  }
  return files;
}

const NESTED_STACK_RESOURCE_PATH = /\.NestedStack\/[^/]+\.NestedStackResource$/;

/** The innermost nested stack a construct path lies in, or undefined for a top-level stack. */
function ownerOf(cdkPath: string, nestedPaths: readonly string[]): string | undefined {
  let owner: string | undefined;
  for (const p of nestedPaths) {
    if (cdkPath.startsWith(`${p}/`) && (owner === undefined || p.length > owner.length)) owner = p;
  }
  return owner;
}

/** Logical-id entries grouped by the nested stack they belong to. */
function logicalIdsByOwner(logicalIds: ReadonlyMap<string, string>, nestedPaths: readonly string[]): Map<string, Map<string, string>> {
  const byOwner = new Map<string, Map<string, string>>();
  logicalIds.forEach((logicalId, cdkPath) => {
    const owner = ownerOf(cdkPath, nestedPaths);
    if (owner === undefined) return;
    if (!byOwner.has(owner)) byOwner.set(owner, new Map());
    byOwner.get(owner)!.set(cdkPath, logicalId);
  });
  return byOwner;
}

function stackMetadata(dir: string, artifact: Record<string, any>): ConstructMetadata {
  const parts: ConstructMetadata[] = [];
  if (isRecord(artifact.metadata)) {
    parts.push(parseConstructMetadata(artifact.metadata));
  }
  if (typeof artifact.additionalMetadataFile === 'string') {
    const metadataFile = path.join(dir, artifact.additionalMetadataFile);
    if (fs.existsSync(metadataFile)) {
      parts.push(parseConstructMetadata(readJson(metadataFile)));
    }
  }
  return parts.length === 0 ? EMPTY_CONSTRUCT_METADATA : mergeConstructMetadata(parts);
}

function readJson(file: string): Record<string, any> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    throw new AuditInputError(`${file}: cannot read the cloud assembly file (${(e as Error).message})`);
  }
  try {
    const value = JSON.parse(text);
    if (!isRecord(value)) throw new Error('expected a JSON object');
    return value;
  } catch (e) {
    throw new AuditInputError(`${file}: not a valid cloud assembly file: ${(e as Error).message}`);
  }
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
