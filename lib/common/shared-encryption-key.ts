import { CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import { addToKeyPolicyOnce, denyGrantsExceptForAwsServicesStatement } from './key-policy';
import { checkRemovalWeakening, removalNamingOf } from './removal-weakening';
import { recordWeakening } from './weakening';

/** What deleting a key costs. */
const KEY_REMOVAL_CONSEQUENCE = 'the key is scheduled for deletion when it leaves the stack, and everything it encrypted becomes unreadable';

/**
 * Properties of a {@link SharedEncryptionKey}.
 */
export interface SharedEncryptionKeyProps {
  /**
   * What happens to the key when it leaves the stack. Everything it encrypts becomes unreadable when the
   * key is deleted, so keep the default unless the stack is a short-lived development stack.
   * `DESTROY` or `SNAPSHOT` needs `removalReason`.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Why the key may be deleted: required with a `removalPolicy` of `DESTROY` or `SNAPSHOT` (at least
   * 10 visible characters), refused otherwise. Recorded on the key under `Portcullis::Weakenings`.
   *
   * @default - none (the key is kept)
   */
  readonly removalReason?: string;

  /**
   * Description of the key.
   *
   * @default - 'Encrypts the logs, topics and AWS Config deliveries Portcullis creates in <stack path>'
   */
  readonly description?: string;
}

/** The shared key of each stack that has one. */
const SHARED_KEYS = new WeakMap<Stack, SharedEncryptionKey>();
/** Keys Portcullis created for one purpose, to find those created before a shared key. */
const PURPOSE_KEYS = new WeakSet<IConstruct>();

/**
 * One customer managed KMS key for everything Portcullis encrypts in a stack, instead of one key per
 * purpose. Create it once per stack, before the Portcullis constructs of that stack: from then on every
 * log group (`EncryptedLogGroup`: API access logs, function logs, AWS WAF logs), `AlarmTopic` (and the
 * governance constructs' topics) and `GatewayConfigRecorder` in the stack, or in its nested stacks,
 * uses it instead of creating a key of its own. A key you pass explicitly (`encryptionKey`,
 * `logEncryptionKey`, `accessLogs.encryptionKey`) still wins.
 *
 * Each construct adds what its service needs to this key's policy once (CloudWatch Logs of this account
 * and Region, only for log groups of this account; CloudWatch alarms and EventBridge for topics; AWS
 * Config of this account), and the key refuses grants except to AWS services in the form AWS Control
 * Tower's CT.KMS.PR.3 checks. Rotation is on.
 *
 * The trade-off is cost against separation: AWS KMS bills each customer managed key per month, so one key
 * instead of one per log group and topic saves that many keys; but each service allowed on the key may use
 * it for everything the key encrypts, and a principal you grant use of the key for one purpose (for
 * example `topic.grantPublish(fn)`) can decrypt data of the others wherever it can also read that data.
 *
 * A construct created before the shared key keeps its own key; synthesis then fails naming it, so that
 * the key count is what you asked for.
 */
export class SharedEncryptionKey extends kms.Key {
  /**
   * The shared key that Portcullis constructs created in `scope` use: the one of the scope's stack, or
   * of the nearest enclosing stack of a nested stack.
   *
   * @returns the key, or undefined when there is none
   */
  public static of(scope: IConstruct): SharedEncryptionKey | undefined {
    let stack: Stack | undefined = Stack.of(scope);
    while (stack) {
      const key = SHARED_KEYS.get(stack);
      if (key) return key;
      stack = stack.nestedStackParent;
    }
    return undefined;
  }

  constructor(scope: Construct, id: string, props: SharedEncryptionKeyProps = {}) {
    const stack = Stack.of(scope);
    super(scope, id, {
      description: props.description ?? `Encrypts the logs, topics and AWS Config deliveries Portcullis creates in ${stack.node.path}`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    const existing = SHARED_KEYS.get(stack);
    if (existing) {
      throw new Error(`[${this.node.path}] stack ${stack.node.path} already has a SharedEncryptionKey (${existing.node.path}). `
        + 'Fix: create one SharedEncryptionKey per stack and let every Portcullis construct of the stack use it');
    }
    const removal = checkRemovalWeakening({ scope: this, policyProp: 'removalPolicy', reasonProp: 'removalReason' },
      props.removalPolicy, props.removalReason, KEY_REMOVAL_CONSEQUENCE);
    if (removal) recordWeakening(this.node.defaultChild as CfnResource, removal, props.removalReason!);
    SHARED_KEYS.set(stack, this);
    addToKeyPolicyOnce(this, denyGrantsExceptForAwsServicesStatement());
    this.node.addValidation({ validate: () => this.keysCreatedBefore() });
  }

  /** Keys that Portcullis constructs of this key's stacks created because they came before it. */
  private keysCreatedBefore(): string[] {
    const before = Stack.of(this).node.findAll()
      .filter((c) => PURPOSE_KEYS.has(c) && SharedEncryptionKey.of(c) === this)
      .map((c) => c.node.path);
    if (before.length === 0) return [];
    return [`${before.join(', ')} created their own KMS key because they were created before the SharedEncryptionKey ${this.node.path}. `
      + 'Fix: create the SharedEncryptionKey first in the stack, before the Portcullis constructs that should use it'];
  }
}

/** What a key created for one purpose says about itself. */
export interface PurposeKeyOptions {
  /** What the key encrypts, for its description. */
  readonly description: string;
  /** What happens to the key when it leaves the stack. `DESTROY` or `SNAPSHOT` needs `removalReason`. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * Why the key may be deleted: required with a `removalPolicy` of `DESTROY` or `SNAPSHOT`, refused
   * otherwise. Recorded on the key under `Portcullis::Weakenings`.
   *
   * @default - none (the key is kept)
   */
  readonly removalReason?: string;
}

/**
 * The key a Portcullis construct encrypts with when it was given none: the stack's
 * {@link SharedEncryptionKey} if there is one, else a new key with rotation on that refuses grants
 * except to AWS services (CT.KMS.PR.3). Every key Portcullis creates for a purpose comes from here.
 */
export function encryptionKeyFor(scope: Construct, id: string, options: PurposeKeyOptions): kms.Key {
  const removal = checkRemovalWeakening(removalNamingOf(options) ?? { scope, policyProp: 'removalPolicy', reasonProp: 'removalReason' },
    options.removalPolicy, options.removalReason, KEY_REMOVAL_CONSEQUENCE);
  const shared = SharedEncryptionKey.of(scope);
  if (shared) return shared;
  const key = new kms.Key(scope, id, {
    description: options.description,
    enableKeyRotation: true,
    removalPolicy: options.removalPolicy,
  });
  if (removal) recordWeakening(key.node.defaultChild as CfnResource, removal, options.removalReason!);
  addToKeyPolicyOnce(key, denyGrantsExceptForAwsServicesStatement());
  PURPOSE_KEYS.add(key);
  return key;
}
