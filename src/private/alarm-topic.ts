import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/**
 * A topic CloudWatch can publish to: encrypted with a customer-managed key
 * whose policy lets CloudWatch use it (CloudWatch cannot use the AWS managed
 * `alias/aws/sns` key), TLS-only, and a topic policy that lets CloudWatch
 * alarms of this account publish (a topic policy replaces the default one).
 * Construct ids `AlarmTopicKey` and `AlarmTopic` under `scope`.
 *
 * @param cacheName the cache the alarms watch (descriptions)
 */
export function createAlarmTopic(scope: Construct, cacheName: string): { topic: sns.Topic; key: kms.Key } {
  const cloudwatchPrincipal = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
  const key = new kms.Key(scope, 'AlarmTopicKey', {
    description: `Encrypts the alarm notifications of Redis ${cacheName}`,
    enableKeyRotation: true,
    // The key protects only notifications in flight: nothing to keep after the stack.
    removalPolicy: RemovalPolicy.DESTROY,
  });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsToUseTheKey',
    principals: [cloudwatchPrincipal],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    // only on behalf of this account's alarms: no other account's CloudWatch can use the key (confused deputy)
    conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
  }));
  const topic = new sns.Topic(scope, 'AlarmTopic', {
    displayName: `Redis ${cacheName} alarms`,
    masterKey: key,
    enforceSSL: true,
  });
  topic.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsToPublish',
    principals: [cloudwatchPrincipal],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
  }));
  return { topic, key };
}
