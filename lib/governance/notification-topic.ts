import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlarmTopic } from '../monitoring/alarm-topic';

/**
 * Where a governance construct's EventBridge rules send notifications: the given topic, or a new
 * {@link AlarmTopic} (KMS-encrypted, TLS-only) that lets this account's EventBridge rules publish.
 *
 * A topic of your own must let `events.amazonaws.com` publish (and, when it is KMS-encrypted, use its
 * key); an `AlarmTopic` does so after `allowEventBridgeRules()`.
 */
export function eventBridgeTopic(scope: Construct, topic: sns.ITopic | undefined): sns.ITopic {
  if (topic) return topic;
  const alarmTopic = new AlarmTopic(scope, 'Topic', { displayName: 'Portcullis governance' });
  alarmTopic.allowEventBridgeRules();
  return alarmTopic.topic;
}

/**
 * Why the notification rules have no dead-letter queue: EventBridge retries delivery to SNS for
 * 24 hours (185 attempts) by default, and what it still drops is counted in the rule's
 * FailedInvocations metric; a queue of undelivered notifications would need its own watcher.
 */
export const NOTIFICATION_DLQ_REASON = 'EventBridge retries delivery to the SNS topic for 24 hours by default and counts what it drops in the rule\'s '
  + 'FailedInvocations metric; a queue of undelivered notifications would need a watcher of its own';
