import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { invalidProp } from '../common/validation';

/**
 * The oldest Node.js major version a Portcullis function may run: the esbuild target of the bundled
 * handlers (`scripts/bundle-lambdas.ts`); Node.js 20's upstream support ends in April 2026.
 */
export const NODEJS_FLOOR = 22;

/** How cdk-nag's LambdaLatestVersion splits a runtime name: the family's letters, then its version. */
const RUNTIME_NAME = /^([a-z]+)(\d+(\.?\d+|\.x)?)?.*$/;
const NODEJS_FAMILY = 'nodejs';

/**
 * The newest runtime name of `family` among `names`, decided as cdk-nag's LambdaLatestVersion
 * (AwsSolutions-L1, Serverless-LambdaLatestVersion) decides it: the names that start with the family,
 * ordered by their version with a numeric comparison (a name without a version counts as 0), the last.
 * cdk-nag skips nothing, not even deprecated or variable (`NODEJS_LATEST`) runtimes, so neither does this.
 *
 * @param names runtime names, e.g. `lambda.Runtime.ALL.map((r) => r.name)`
 * @param family the letters before the version, e.g. `nodejs`
 */
export function newestOfFamily(names: readonly string[], family: string): string | undefined {
  return names
    .filter((name) => name.indexOf(family) === 0)
    .map((name) => ({ name, version: name.match(RUNTIME_NAME)?.[2] ?? '0' }))
    .sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true, sensitivity: 'base' }))
    .pop()?.name;
}

/**
 * The newest Node.js runtime among `known` (by default every runtime the installed aws-cdk-lib
 * knows), the one AwsSolutions-L1 and Serverless-LambdaLatestVersion accept. Of two runtimes with that
 * name, the fixed one (`NODEJS_26_X`) rather than the variable one (`NODEJS_LATEST`).
 *
 * @throws when that runtime is older than {@link NODEJS_FLOOR}, which no aws-cdk-lib of the peer range does
 */
export function newestNodeRuntime(known: readonly lambda.Runtime[] = lambda.Runtime.ALL): lambda.Runtime {
  const name = newestOfFamily(known.map((runtime) => runtime.name), NODEJS_FAMILY);
  const named = known.filter((runtime) => runtime.name === name);
  const runtime = named.find((r) => !r.isVariable) ?? named[0];
  if (runtime === undefined || (nodeMajorVersion(runtime) ?? 0) < NODEJS_FLOOR) {
    throw new Error(`The newest Node.js runtime this aws-cdk-lib knows is ${name ?? 'none'}, older than Node.js ${NODEJS_FLOOR}: `
      + 'install a newer aws-cdk-lib (cdk-portcullis needs ^2.276.0)');
  }
  return runtime;
}

/** The major version of a Node.js runtime (`nodejs22.x` → 22), undefined for another family or an unversioned name. */
export function nodeMajorVersion(runtime: lambda.Runtime): number | undefined {
  const m = runtime.name.match(RUNTIME_NAME);
  if (!m || m[1] !== NODEJS_FAMILY || m[2] === undefined) return undefined;
  return parseInt(m[2], 10);
}

/**
 * Refuses a Node.js runtime older than {@link NODEJS_FLOOR} and, unless `otherFamilies`, a runtime
 * of another family (a Portcullis handler is JavaScript).
 *
 * @param scope the construct the error names
 * @param prop the prop the runtime was given as
 */
export function checkNodeRuntime(scope: IConstruct, prop: string, runtime: lambda.Runtime, otherFamilies = false): void {
  const newest = newestNodeRuntime().name;
  const isNode = runtime.name.match(RUNTIME_NAME)?.[1] === NODEJS_FAMILY;
  if (!isNode && otherFamilies) return;
  if (!isNode) {
    invalidProp(scope, prop, runtime.name, 'must be a Node.js runtime: the handler is JavaScript',
      `give a Node.js runtime from Node.js ${NODEJS_FLOOR} on, or leave it out for the newest (${newest})`);
  }
  const major = nodeMajorVersion(runtime);
  if (major === undefined || major < NODEJS_FLOOR) {
    invalidProp(scope, prop, runtime.name, `is older than Node.js ${NODEJS_FLOOR}, the oldest runtime Portcullis supports`,
      `give Node.js ${NODEJS_FLOOR} or newer, or leave it out for the newest (${newest})`);
  }
}
