import { Duration, RemovalPolicy, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AuthenticationMode } from './auth';
import { ClusterMode, NetworkType } from './configuration';
import { CacheEngine, EngineVersion } from './engine';
import { CacheNodeType } from './node-type';
import { RedisPreset } from './presets';
import { validateMonitoring } from './private/alarm-plan';
import { AuthDescription } from './private/auth-types';
import { withPythonNames } from './private/python-names';
import { known, knownString } from './private/tokens';
import type { AirDiscoveryRedisProps } from './redis';
import type { AirDiscoveryServerlessRedisProps, ServerlessRedisConfiguration } from './serverless';
import { ServerlessEngine } from './serverless-engine';
import { INPUT_RULES, RULES, ValidationInput, show as showValue } from './validation';

// The rule table of AirDiscoveryServerlessRedis. Same shape and message style as the
// node-based table in validation.ts (prop, value received, what is allowed, how to fix);
// kept in its own file so that the two tables evolve without stepping on each other.
// docs/serverless.md lists these rules (a test keeps the list in sync).

/**
 * What the serverless rules look at.
 * @internal
 */
export interface ServerlessValidationInput {
  readonly config: ServerlessRedisConfiguration;
  readonly props: AirDiscoveryServerlessRedisProps;
  readonly auth: AuthDescription;
  /** The subnets the cache's endpoint goes into. */
  readonly subnets: ec2.ISubnet[];
  /** Resolves a token in the construct's stack. */
  readonly resolve: (x: unknown) => unknown;
  /**
   * Whether a logical id is a NoEcho CloudFormation parameter of the construct's stack (a token's `{ Ref }` to one is no
   * plain text). Required, not defaulted: a default of "never" once rejected every NoEcho AUTH token here.
   */
  readonly isNoEchoParameter: (logicalId: string) => boolean;
}

/**
 * One serverless rule: when `condition` holds, the configuration is invalid.
 * @internal
 */
export interface ServerlessValidationRule {
  /** What is rejected, in one line (docs/serverless.md). */
  readonly summary: string;
  /** Where the constraint comes from, markdown. */
  readonly source: string;
  readonly condition: (i: ServerlessValidationInput) => boolean;
  readonly message: (i: ServerlessValidationInput) => string;
}

const API = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference';
const GUIDE = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg';
const CFN = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference';
const api = (operation: string, parameter: string) => `[${operation}](${API}/API_${operation}.html) \`${parameter}\``;
const guide = (title: string, page: string) => `[user guide: ${title}](${GUIDE}/${page}.html)`;
const cfn = (page: string, property: string) => `[CloudFormation ServerlessCache](${CFN}/${page}.html) \`${property}\``;
const TF = '[Terraform AWS provider](https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/elasticache/serverless_cache.go)';
const ALPHA = '[`@aws-cdk/aws-elasticache-alpha` ServerlessCache](https://github.com/aws/aws-cdk/blob/main/packages/@aws-cdk/aws-elasticache-alpha/lib/serverless-cache.ts)';

/** Data storage limits, GB (CacheUsageLimits.DataStorage). */
export const DATA_STORAGE_GB = { min: 1, max: 5000 } as const;
/** ECPU-per-second limits (CacheUsageLimits.ECPUPerSecond). */
export const ECPU_PER_SECOND = { min: 1000, max: 15_000_000 } as const;

function outside(n: number | undefined, min: number, max: number): boolean {
  return known(n) && (!Number.isInteger(n) || n < min || n > max);
}
const NAME = /^[a-zA-Z](?:[a-zA-Z0-9]|-(?!-))*$/;
const badName = (s: string | undefined, max: number) => knownString(s) && (!NAME.test(s) || s.length > max || s.endsWith('-'));
const retentionDays = (i: ServerlessValidationInput) =>
  i.config.snapshotRetention.isUnresolved() ? undefined : i.config.snapshotRetention.toDays({ integral: false });
const show = (n: number | undefined) => n === undefined ? 'none' : n.toLocaleString('en-US');
const badArns = (i: ServerlessValidationInput) => (i.props.snapshotArnsToRestore ?? []).filter(a => knownString(a) && !/^arn:aws[a-z-]*:(elasticache|s3):/.test(a));
const percentOutOfRange = (n: number | undefined) => known(n) && !(n > 0 && n <= 100);
const sizeText = (s: Size | undefined) => s === undefined || s.isUnresolved() ? 'a token' : `${s.toGibibytes({ rounding: SizeRoundingBehavior.NONE })} GB`;

/**
 * The serverless rule table, in message order.
 * @internal
 */
export const SERVERLESS_RULES: ServerlessValidationRule[] = [
  {
    summary: '`serverlessCacheName` that is not 1-40 letters, digits or hyphens starting with a letter, or that contains `--` or ends with `-`',
    source: `${api('CreateServerlessCache', 'ServerlessCacheName')}; ${ALPHA} (40 characters)`,
    condition: i => badName(i.config.serverlessCacheName, 40),
    message: i => `serverlessCacheName must be 1-40 letters, digits or hyphens, start with a letter, contain no '--' and not end with '-', got '${i.config.serverlessCacheName}': fix it, or leave it out for a generated one`,
  },
  {
    summary: '`description` longer than 255 characters or containing `<` or `>`',
    source: `${api('CreateServerlessCache', 'Description')}; ${ALPHA}`,
    condition: i => knownString(i.config.description) && (i.config.description.length > 255 || /[<>]/.test(i.config.description)),
    message: i => `description must be at most 255 characters without '<' or '>', got ${i.config.description.length} characters: shorten it or remove the angle brackets`,
  },
  {
    summary: 'an engine other than Valkey 7 or later, or Redis OSS 7 (the versions ElastiCache Serverless offers)',
    source: `${guide('Supported engine versions (serverless)', 'engine-versions')}; ${cfn('aws-resource-elasticache-serverlesscache', 'MajorEngineVersion')}`,
    condition: i => knownString(i.config.engine.majorVersion) && (!/^\d+$/.test(i.config.engine.majorVersion)
      || (i.config.engine.engine === CacheEngine.VALKEY ? Number(i.config.engine.majorVersion) < 7 : i.config.engine.majorVersion !== '7')),
    message: i => `engine must be Valkey 7 or later or Redis OSS 7 on ElastiCache Serverless, got ${i.config.engine}: use ServerlessEngine.VALKEY_8 (or VALKEY_7, REDIS_7)`,
  },
  {
    summary: `\`minimumDataStorage\` outside ${DATA_STORAGE_GB.min}-${DATA_STORAGE_GB.max} GB or not whole GB`,
    source: `${cfn('aws-properties-elasticache-serverlesscache-datastorage', 'Minimum')} (unit GB); ${ALPHA}`,
    condition: i => outside(i.config.minimumDataStorageGb, DATA_STORAGE_GB.min, DATA_STORAGE_GB.max),
    message: i => `minimumDataStorage must be whole GB from ${DATA_STORAGE_GB.min} to ${DATA_STORAGE_GB.max}, got ${sizeText(i.props.minimumDataStorage)}: e.g. Size.gibibytes(1), or leave it out (no minimum)`,
  },
  {
    summary: `\`maximumDataStorage\` outside ${DATA_STORAGE_GB.min}-${DATA_STORAGE_GB.max} GB or not whole GB`,
    source: `${cfn('aws-properties-elasticache-serverlesscache-datastorage', 'Maximum')} (unit GB); ${ALPHA}`,
    condition: i => outside(i.config.maximumDataStorageGb, DATA_STORAGE_GB.min, DATA_STORAGE_GB.max),
    message: i => `maximumDataStorage must be whole GB from ${DATA_STORAGE_GB.min} to ${DATA_STORAGE_GB.max}, got ${i.props.maximumDataStorage ? sizeText(i.props.maximumDataStorage) : `${i.config.maximumDataStorageGb} GB`}: e.g. Size.gibibytes(10)`,
  },
  {
    summary: '`minimumDataStorage` above `maximumDataStorage`',
    source: `${api('CacheUsageLimits', 'DataStorage')}; ${ALPHA}`,
    condition: i => known(i.config.minimumDataStorageGb) && known(i.config.maximumDataStorageGb)
      && i.config.minimumDataStorageGb > i.config.maximumDataStorageGb,
    message: i => `minimumDataStorage (${i.config.minimumDataStorageGb} GB) must not exceed maximumDataStorage (${i.config.maximumDataStorageGb} GB${i.props.maximumDataStorage === undefined ? `, the ${i.config.preset} preset's` : ''}): raise maximumDataStorage or lower the minimum`,
  },
  {
    summary: `\`minimumEcpuPerSecond\` outside ${show(ECPU_PER_SECOND.min)}-${show(ECPU_PER_SECOND.max)} or not whole`,
    source: `${cfn('aws-properties-elasticache-serverlesscache-ecpupersecond', 'Minimum')}; ${TF} \`Between(1000, 15000000)\``,
    condition: i => outside(i.config.minimumEcpuPerSecond, ECPU_PER_SECOND.min, ECPU_PER_SECOND.max),
    message: i => `minimumEcpuPerSecond must be a whole number from ${show(ECPU_PER_SECOND.min)} to ${show(ECPU_PER_SECOND.max)}, got ${i.config.minimumEcpuPerSecond}: pick one in that range, or leave it out (no minimum)`,
  },
  {
    summary: `\`maximumEcpuPerSecond\` outside ${show(ECPU_PER_SECOND.min)}-${show(ECPU_PER_SECOND.max)} or not whole`,
    source: `${cfn('aws-properties-elasticache-serverlesscache-ecpupersecond', 'Maximum')}; ${TF} \`Between(1000, 15000000)\``,
    condition: i => outside(i.config.maximumEcpuPerSecond, ECPU_PER_SECOND.min, ECPU_PER_SECOND.max),
    message: i => `maximumEcpuPerSecond must be a whole number from ${show(ECPU_PER_SECOND.min)} to ${show(ECPU_PER_SECOND.max)}, got ${i.config.maximumEcpuPerSecond}: pick one in that range`,
  },
  {
    summary: '`minimumEcpuPerSecond` above `maximumEcpuPerSecond`',
    source: `${api('CacheUsageLimits', 'ECPUPerSecond')}; ${ALPHA}`,
    condition: i => known(i.config.minimumEcpuPerSecond) && known(i.config.maximumEcpuPerSecond)
      && i.config.minimumEcpuPerSecond > i.config.maximumEcpuPerSecond,
    message: i => `minimumEcpuPerSecond (${show(i.config.minimumEcpuPerSecond)}) must not exceed maximumEcpuPerSecond (${show(i.config.maximumEcpuPerSecond)}${i.props.maximumEcpuPerSecond === undefined ? `, the ${i.config.preset} preset's` : ''}): raise maximumEcpuPerSecond or lower the minimum`,
  },
  {
    summary: '`snapshotRetention` outside 0-35 days or not whole days',
    source: `${api('CreateServerlessCache', 'SnapshotRetentionLimit')}; ${TF} \`AtMost(35)\``,
    condition: i => outside(retentionDays(i), 0, 35),
    message: i => `snapshotRetention must be whole days from 0 to 35, got ${i.config.snapshotRetention.toHumanString()}: e.g. Duration.days(7), or Duration.days(0) to turn snapshots off`,
  },
  {
    summary: '`dailySnapshotTime` not in the form `HH:MM` (UTC, 24-hour)',
    source: api('CreateServerlessCache', 'DailySnapshotTime'),
    condition: i => knownString(i.config.dailySnapshotTime) && !/^([01]\d|2[0-3]):[0-5]\d$/.test(i.config.dailySnapshotTime),
    message: i => `dailySnapshotTime must be HH:MM in UTC (00:00-23:59), got '${i.config.dailySnapshotTime}': e.g. '02:00'`,
  },
  {
    summary: '`finalSnapshotName` that is not letters, digits or hyphens starting with a letter, or that contains `--` or ends with `-`',
    source: `${api('DeleteServerlessCache', 'FinalSnapshotName')}; ${ALPHA}`,
    condition: i => badName(i.props.finalSnapshotName, 255),
    message: i => `finalSnapshotName must be letters, digits or hyphens, start with a letter, contain no '--' and not end with '-', got '${i.props.finalSnapshotName}': fix it, or leave it out for '<serverlessCacheName>-final'`,
  },
  {
    summary: '`snapshotArnsToRestore` entries that are not ElastiCache snapshot or S3 object ARNs',
    source: cfn('aws-resource-elasticache-serverlesscache', 'SnapshotArnsToRestore'),
    condition: i => badArns(i).length > 0,
    message: i => `snapshotArnsToRestore must be ARNs of ElastiCache snapshots or S3 .rdb objects, got ${badArns(i).map(a => `'${a}'`).join(', ')}: e.g. 'arn:aws:elasticache:us-east-1:123456789012:serverlesscachesnapshot:my-snapshot'`,
  },
  {
    summary: '`vpcSubnets` that selects no subnets',
    source: api('CreateServerlessCache', 'SubnetIds'),
    condition: i => i.subnets.length === 0,
    message: () => 'vpcSubnets selects no subnets of the VPC: select the private subnets the cache\'s endpoint should use (one per AZ, 2 or 3 AZs)',
  },
  {
    summary: '`ecpuAlarmThresholdPercent` or `dataStorageAlarmThresholdPercent` not above 0 and at most 100',
    source: 'docs/serverless.md, "Alarms"',
    condition: i => percentOutOfRange(i.props.ecpuAlarmThresholdPercent) || percentOutOfRange(i.props.dataStorageAlarmThresholdPercent),
    message: i => `ecpuAlarmThresholdPercent and dataStorageAlarmThresholdPercent must be above 0 and at most 100 (percent of the configured maximum), got ${i.props.ecpuAlarmThresholdPercent ?? 'unset'} and ${i.props.dataStorageAlarmThresholdPercent ?? 'unset'}`,
  },
  {
    summary: '`throttledCmdsAlarmThreshold` below 0',
    source: 'docs/serverless.md, "Alarms"',
    condition: i => known(i.props.throttledCmdsAlarmThreshold) && !(i.props.throttledCmdsAlarmThreshold >= 0),
    message: i => `throttledCmdsAlarmThreshold must be 0 or more (throttled commands per minute), got ${i.props.throttledCmdsAlarmThreshold}`,
  },
];

/**
 * The node-based table's user and user-group rules (family "authentication and encryption",
 * and the identifier rules about users), which apply unchanged to a serverless cache's user group.
 * @internal
 */
export function sharedAuthRules(): typeof RULES {
  return RULES.filter(r => r.family === 'authentication and encryption'
    || (r.family === 'identifiers and names' && /user/i.test(r.summary)));
}

/**
 * The node-based rules see a serverless cache as what it is to them: TLS and at-rest
 * encryption always on, cluster protocol, a Valkey / Redis OSS version of the major.
 */
function asNodeInput(i: ServerlessValidationInput): ValidationInput {
  const c = i.config;
  return {
    config: {
      preset: c.preset,
      engineVersion: EngineVersion.of(c.engine.engine, c.engine.engine === CacheEngine.VALKEY ? `${c.engine.majorVersion}.0` : `${c.engine.majorVersion}.1`),
      // no node type: a current one stands in (only the authentication and user rules read this input)
      cacheNodeType: CacheNodeType.R7_G_LARGE,
      clusterMode: ClusterMode.ENABLED,
      numShards: 1,
      replicasPerShard: 1,
      totalNodes: 2,
      multiAz: true,
      automaticFailover: true,
      port: 6379,
      transitEncryption: true,
      atRestEncryption: true,
      authenticationMode: c.authenticationMode,
      snapshotRetention: c.snapshotRetention,
      snapshotWindow: '02:00-03:00',
      maintenanceWindow: 'sun:03:00-sun:04:00',
      removalPolicy: c.removalPolicy,
      replicationGroupId: c.serverlessCacheName,
      description: c.description,
      autoMinorVersionUpgrade: true,
      alarms: c.alarms,
      slowLogDelivery: false,
      engineLogDelivery: false,
      networkType: NetworkType.IPV4,
      dataTiering: false,
    },
    auth: i.auth,
    resolve: i.resolve,
    isNoEchoParameter: i.isNoEchoParameter,
    // the props the shared rules read (users, token, rotation schedule)
    props: { vpc: i.props.vpc, authentication: i.props.authentication, rotation: i.props.rotation, rotationSchedule: i.props.rotationSchedule },
    regions: { self: '', secondaries: [] },
  };
}

/**
 * Every failing rule's message: the serverless table, the shared user rules, and the
 * monitoring rules whose props the two constructs share.
 * @internal
 */
export function validateServerless(i: ServerlessValidationInput): string[] {
  const nodeInput = asNodeInput(i);
  return [
    ...SERVERLESS_RULES.filter(r => r.condition(i)).map(r => r.message(i)),
    ...sharedAuthRules().filter(r => r.condition(nodeInput)).map(r => r.message(nodeInput)),
    ...validateMonitoring({
      connectionsAlarmThreshold: i.props.connectionsAlarmThreshold,
      cacheHitRateAlarmMinPercent: i.props.cacheHitRateAlarmMinPercent,
      alarmTopic: i.props.alarmTopic,
      createAlarmTopic: i.props.createAlarmTopic,
    }),
  ].map(withPythonNames);
}

/**
 * A serverless warning (risky but valid), emitted as `@air-discovery/cdk-redis:<id>`.
 * @internal
 */
export interface ServerlessWarningRule {
  readonly id: string;
  readonly summary: string;
  readonly condition: (i: ServerlessValidationInput) => boolean;
  readonly message: (i: ServerlessValidationInput) => string;
}

const azs = (i: ServerlessValidationInput) => [...new Set(i.subnets.map(s => s.availabilityZone).filter(knownString))];

/**
 * The serverless warnings.
 * @internal
 */
export const SERVERLESS_WARNING_RULES: ServerlessWarningRule[] = [
  {
    id: 'serverlessSingleAz',
    summary: 'the selected subnets cover fewer than 2 AZs (the endpoint then has no second AZ)',
    condition: i => i.subnets.length > 0 && azs(i).length === i.subnets.length && azs(i).length < 2,
    message: i => `the cache's endpoint subnets cover ${azs(i).length} AZ (${azs(i).join(', ')}): ElastiCache Serverless spreads the endpoint over 2-3 AZs for availability; select private subnets in 2 or 3 AZs`,
  },
  {
    id: 'serverlessSubnetsPerAz',
    summary: 'more than one selected subnet in an AZ, or more than 3 subnets (ElastiCache Serverless uses one subnet per AZ in 2-3 AZs)',
    condition: i => i.subnets.length > 3 || (azs(i).length > 0 && azs(i).length < i.subnets.filter(s => knownString(s.availabilityZone)).length),
    message: i => `vpcSubnets selects ${i.subnets.length} subnets in ${azs(i).length} AZs: ElastiCache Serverless places its endpoint in one subnet per AZ, 2-3 AZs (it picks 2 or 3 when given none); add onePerAz: true to the selection`,
  },
  {
    id: 'finalSnapshotNameIgnored',
    summary: '`finalSnapshotName` without `RemovalPolicy.SNAPSHOT`',
    condition: i => i.props.finalSnapshotName !== undefined && i.config.removalPolicy !== RemovalPolicy.SNAPSHOT,
    message: i => `finalSnapshotName '${i.props.finalSnapshotName}' has no effect with removalPolicy ${i.config.removalPolicy}: use RemovalPolicy.SNAPSHOT to take a final snapshot on delete`,
  },
  {
    id: 'serverlessRestoreCreateOnly',
    summary: '`snapshotArnsToRestore` set (read only at creation: a change replaces the cache, which fails for a named cache)',
    condition: i => i.props.snapshotArnsToRestore !== undefined,
    message: () => 'snapshotArnsToRestore is read only at creation: changing or removing it later makes CloudFormation replace the cache, which fails for a named cache; keep it as it is after the first deploy',
  },
  {
    id: 'serverlessNoBackups',
    summary: 'the PROD preset with `snapshotRetention` 0',
    condition: i => i.config.preset === RedisPreset.PROD && retentionDays(i) === 0,
    message: () => 'snapshotRetention is 0 in the PROD preset: no daily snapshots, no point-in-time to restore',
  },
  {
    id: 'serverlessDestroyOnDelete',
    summary: 'the PROD preset with `RemovalPolicy.DESTROY` (no final snapshot)',
    condition: i => i.config.preset === RedisPreset.PROD && i.config.removalPolicy === RemovalPolicy.DESTROY,
    message: () => 'removalPolicy DESTROY in the PROD preset: deleting the stack deletes the data without a final snapshot',
  },
  {
    id: 'serverlessNoAuth',
    summary: 'the PROD preset with `RedisAuthentication.none()` (the `default` user is open to every client that reaches the port)',
    condition: i => i.config.preset === RedisPreset.PROD && i.auth.mode === AuthenticationMode.NONE,
    message: () => 'the PROD preset without authentication: any client that reaches the ports can read and write every key (TLS encrypts, it does not authenticate)',
  },
];

/**
 * The warnings that apply.
 * @internal
 */
export function serverlessWarnings(i: ServerlessValidationInput): Array<{ id: string; message: string }> {
  return SERVERLESS_WARNING_RULES.filter(w => w.condition(i)).map(w => ({ id: w.id, message: w.message(i) }));
}

// ---- inputs as any language can pass them (issue 12) -------------------------------------

/** A rule about the serverless props as given, judged before any default is merged. @internal */
export interface ServerlessInputRule {
  readonly summary: string;
  readonly source: string;
  readonly condition: (p: AirDiscoveryServerlessRedisProps) => boolean;
  readonly message: (p: AirDiscoveryServerlessRedisProps) => string;
}

type ServerlessKey = keyof AirDiscoveryServerlessRedisProps;
const givenS = (p: AirDiscoveryServerlessRedisProps, k: ServerlessKey) => (p as unknown as Record<string, unknown>)[k];
const S_ENUMS: Array<[ServerlessKey, readonly unknown[], string]> = [
  ['preset', Object.values(RedisPreset), 'RedisPreset.DEV, RedisPreset.PROD'],
  ['removalPolicy', Object.values(RemovalPolicy), 'RemovalPolicy.DESTROY, RemovalPolicy.RETAIN, RemovalPolicy.SNAPSHOT, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE'],
];
/** [what one must be, what several must be, props, test, fix, why]. */
const S_TYPES: Array<[string, string, ServerlessKey[], (v: unknown) => boolean, string, string]> = [
  ['true or false', 'true or false', ['allowFromVpcCidr', 'outputs', 'acknowledgeNagFindings', 'acknowledgePresetTradeOffs', 'alarms', 'createAlarmTopic', 'rotation'],
    v => typeof v === 'boolean', 'pass a boolean (Python True/False)', 'a string such as `"false"` would count as true'],
  ['a finite number', 'finite numbers', ['minimumEcpuPerSecond', 'maximumEcpuPerSecond', 'ecpuAlarmThresholdPercent', 'dataStorageAlarmThresholdPercent',
    'throttledCmdsAlarmThreshold', 'connectionsAlarmThreshold', 'cacheHitRateAlarmMinPercent'],
  v => typeof v === 'number' && Number.isFinite(v), 'pass a number, e.g. 5000', 'CloudFormation integer properties'],
  ['a string', 'strings', ['serverlessCacheName', 'description', 'dailySnapshotTime', 'finalSnapshotName', 'outputIdPrefix', 'exportNamePrefix'],
    v => typeof v === 'string', "pass text, e.g. '02:00'", 'props types'],
  ['a Size', 'Sizes', ['minimumDataStorage', 'maximumDataStorage'], v => v instanceof Size, 'use e.g. Size.gibibytes(10)', '`Size` carries the unit'],
  ['a Duration', 'Durations', ['snapshotRetention', 'rotationSchedule'], v => v instanceof Duration, 'use e.g. Duration.days(7)', '`Duration` carries the unit'],
  ['a list', 'lists', ['snapshotArnsToRestore', 'allowedPeers'], v => Array.isArray(v), 'wrap the value in a list, e.g. [value]', 'props types'],
];
const GUIDELINES = '[AWS CDK design guidelines](https://github.com/aws/aws-cdk/blob/main/docs/DESIGN_GUIDELINES.md)';
const wrongS = (p: AirDiscoveryServerlessRedisProps, keys: ServerlessKey[], ok: (v: unknown) => boolean) =>
  keys.filter(k => givenS(p, k) !== undefined && !Token.isUnresolved(givenS(p, k)) && !ok(givenS(p, k)));
/** The node-based input rules that read only `authentication` (its class, user types and names). */
const AUTH_INPUT_RULES = () => INPUT_RULES.filter(r => /authentication|userName/.test(r.summary) && !/engine/.test(r.summary));

/**
 * The rules about the props as given (a Python, Java or plain JavaScript caller can pass anything).
 * @internal
 */
export const SERVERLESS_INPUT_RULES: ServerlessInputRule[] = [
  {
    summary: 'a missing `vpc` (or a value that is not an `ec2.IVpc`)',
    source: `${GUIDELINES} (required props)`,
    condition: p => typeof (p.vpc as unknown as { selectSubnets?: unknown })?.selectSubnets !== 'function',
    message: p => `vpc is required and must be an ec2.IVpc, got ${showValue(p.vpc)}: pass the VPC the cache lives in, e.g. vpc: ec2.Vpc.fromLookup(this, 'Vpc', { vpcId: 'vpc-...' })`,
  },
  ...S_ENUMS.map(([k, values, spelled]): ServerlessInputRule => ({
    summary: `a \`${k}\` that is not one of its values (${spelled})`,
    source: `${GUIDELINES} (enums)`,
    condition: p => givenS(p, k) !== undefined && !Token.isUnresolved(givenS(p, k)) && !values.includes(givenS(p, k)),
    message: p => `${k} must be one of ${spelled}, got ${showValue(givenS(p, k))}: use one of them`,
  })),
  {
    summary: '`engine` that is not a `ServerlessEngine`',
    source: `${GUIDELINES} (enum-like classes: static factories)`,
    condition: p => p.engine !== undefined && !(p.engine instanceof ServerlessEngine),
    message: p => `engine must be a ServerlessEngine, got ${showValue(p.engine)}: use ServerlessEngine.VALKEY_8 (or VALKEY_7, REDIS_7)`,
  },
  ...S_TYPES.map(([one, what, keys, ok, fix, why]): ServerlessInputRule => ({
    summary: `props that must be ${what} (${keys.map(k => `\`${k}\``).join(', ')}) given something else`,
    source: `${GUIDELINES} (${why})`,
    condition: p => wrongS(p, keys, ok).length > 0,
    message: p => `${wrongS(p, keys, ok).join(', ')} must be ${wrongS(p, keys, ok).length === 1 ? one : what}, got ${wrongS(p, keys, ok).map(k => `${k} ${showValue(givenS(p, k))}`).join(', ')}: ${fix}`,
  })),
  ...AUTH_INPUT_RULES().map((r): ServerlessInputRule => ({
    summary: r.summary,
    source: r.source,
    condition: p => r.condition(p as unknown as AirDiscoveryRedisProps),
    message: p => r.message(p as unknown as AirDiscoveryRedisProps),
  })),
];

/**
 * Runs the input rules on the props as given; `props` may be anything a caller passed.
 * @internal
 */
export function validateServerlessInputs(props: AirDiscoveryServerlessRedisProps | undefined): string[] {
  if (props === undefined || props === null || typeof props !== 'object') {
    return [withPythonNames(`props are required, got ${showValue(props)}: pass at least { vpc }`)];
  }
  return SERVERLESS_INPUT_RULES.filter(r => r.condition(props)).map(r => withPythonNames(r.message(props)));
}
