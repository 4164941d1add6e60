import { RemovalPolicy } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { checkReasonUnused, checkWeakeningReason, Weakening } from './weakening';

/** Removal policies that keep the resource when it leaves the stack: no weakening. */
const KEEPING_POLICIES: readonly RemovalPolicy[] = [RemovalPolicy.RETAIN, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE];

/** How the user named a removal policy and its reason, and the construct they set them on. */
export interface RemovalNaming {
  /** The construct the user configured, named in errors. */
  readonly scope: IConstruct;
  /** The removal policy prop as the user wrote it, e.g. `logRemovalPolicy`. */
  readonly policyProp: string;
  /** The reason prop beside it, e.g. `logRemovalReason`. */
  readonly reasonProp: string;
}

/**
 * Checks a removal policy that may delete what the default keeps (`DESTROY` or `SNAPSHOT` where the
 * default is `RETAIN`): refuses it without a valid reason, and refuses a reason when nothing is
 * deleted. Returns the weakening to record on the resource, or undefined when the policy keeps it.
 *
 * @param consequence what is lost, in one phrase
 */
export function checkRemovalWeakening(
  naming: RemovalNaming, policy: RemovalPolicy | undefined, reason: unknown, consequence: string,
): Weakening | undefined {
  const weakened = policy !== undefined && !KEEPING_POLICIES.includes(policy);
  checkReasonUnused(naming.scope, naming.reasonProp, reason, weakened, `${naming.policyProp}: RemovalPolicy.DESTROY or SNAPSHOT`);
  if (!weakened) return undefined;
  const weakening: Weakening = { setting: `${naming.policyProp}: ${policy}`, reasonProp: naming.reasonProp, consequence, rules: [] };
  checkWeakeningReason(naming.scope, weakening, reason, 'development stack, torn down every night');
  return weakening;
}

const NAMINGS = new WeakMap<object, RemovalNaming>();

/**
 * Marks props handed to a lower construct (e.g. `EncryptedLogGroup`) with the names the user wrote on
 * the higher one, so a refusal names the user's construct and prop, and the record the user's reason prop.
 */
export function withRemovalNaming<T extends object>(props: T, naming: RemovalNaming): T {
  NAMINGS.set(props, naming);
  return props;
}

/** The naming given with {@link withRemovalNaming}, or undefined. */
export function removalNamingOf(props: object): RemovalNaming | undefined {
  return NAMINGS.get(props);
}
