import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
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

/** The topic a cache's alarms notify, the key of the one the construct created, and the action that sends to it. */
export interface AlarmTopic {
  readonly topic?: sns.ITopic;
  readonly key?: kms.IKey;
  readonly action?: cloudwatch.IAlarmAction;
}

/**
 * The topic the alarms notify: `given` (the user's `alarmTopic`), else one
 * `createAlarmTopic` makes when `create` is on, else none (alarms without actions).
 */
export function alarmTopic(scope: Construct, cacheName: string, given: sns.ITopic | undefined, create: boolean): AlarmTopic {
  if (given) return { topic: given, action: new actions.SnsAction(given) };
  if (!create) return {};
  const { topic, key } = createAlarmTopic(scope, cacheName);
  return { topic, key, action: new actions.SnsAction(topic) };
}

/** What an alarm spec decides, node-based and serverless alike. */
export interface AlarmSettings {
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  /** Breaching periods in a row before the alarm fires (all of them: `datapointsToAlarm` is the same). */
  readonly evaluationPeriods: number;
  readonly treatMissingData: cloudwatch.TreatMissingData;
}

/**
 * One alarm (construct id `id` under `scope`) that fires after `evaluationPeriods`
 * breaching periods in a row and sends both `ALARM` and `OK` to `action`, when there is one.
 */
export function notifyingAlarm(scope: Construct, id: string, alarmName: string, alarmDescription: string,
  metric: cloudwatch.IMetric, settings: AlarmSettings, action?: cloudwatch.IAlarmAction): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmName,
    alarmDescription,
    metric,
    threshold: settings.threshold,
    comparisonOperator: settings.comparisonOperator,
    evaluationPeriods: settings.evaluationPeriods,
    datapointsToAlarm: settings.evaluationPeriods,
    treatMissingData: settings.treatMissingData,
  });
  if (action) {
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
  return alarm;
}
