/**
 * Python spellings of the names the construct's messages use, so that a Python user reading
 * "numCacheNodes must be ..." knows to change `num_cache_nodes`. Java uses the TypeScript names
 * (builder methods), so only Python needs a hint.
 *
 * One helper for every message (validation.ts appends the hint to each error): messages stay written
 * in the TypeScript names, and the hint lists the Python names of the props they mention.
 */

/** Prop and option names that messages mention (test/python-names.test.ts checks the props against .jsii). */
export const MESSAGE_NAMES: readonly string[] = [
  // AirDiscoveryRedisProps
  'acknowledgeNagFindings', 'alarmTopic', 'allowedPeers', 'allowFromVpcCidr', 'allowPublicSubnets', 'atRestEncryption',
  'automaticFailover', 'autoMinorVersionUpgrade', 'cacheHitRateAlarmMinPercent', 'cacheNodeType', 'clusterMode',
  'connectionsAlarmDuration', 'connectionsAlarmThreshold', 'cpuAlarmDuration', 'cpuAlarmThresholdPercent', 'createAlarmTopic',
  'dataTiering', 'encryptionKey', 'engineLogDelivery', 'engineVersion', 'evictionsAlarmThreshold', 'exportNamePrefix',
  'globalDatastore', 'logEncryptionKey', 'logFormat', 'logRetention', 'maintenanceWindow', 'memoryAlarmDuration',
  'memoryAlarmThresholdPercent', 'multiAz', 'networkType', 'notificationTopic', 'numCacheNodes', 'numShards',
  'outputIdPrefix', 'removalPolicy', 'replicasPerShard', 'replicationGroupId', 'replicationLagAlarmThresholdSeconds',
  'slowLogDelivery', 'snapshotArns', 'snapshotName', 'snapshotRetention', 'snapshotWindow', 'subnetGroupName',
  'swapUsageAlarmThresholdBytes', 'transitEncryption', 'transitEncryptionMode', 'uncheckedParameters', 'vpcSubnets',
  'preferredAvailabilityZones', 'shardConfigurations', 'snapshottingClusterId', 'ipDiscovery',
  'acknowledgePresetTradeOffs', 'rotationSchedule',
  // AirDiscoveryServerlessRedisProps (the rest are shared with AirDiscoveryRedisProps)
  'serverlessCacheName', 'minimumDataStorage', 'maximumDataStorage', 'minimumEcpuPerSecond', 'maximumEcpuPerSecond',
  'dailySnapshotTime', 'finalSnapshotName', 'snapshotArnsToRestore', 'ecpuAlarmThresholdPercent',
  'dataStorageAlarmThresholdPercent', 'throttledCmdsAlarmThreshold',
  // ShardConfiguration
  'nodeGroupId', 'primaryAvailabilityZone', 'replicaAvailabilityZones',
  // users and authentication options
  'userName', 'accessString', 'authenticationType', 'userId', 'defaultUserAccessString', 'secretEncryptionKey', 'userGroupId',
  'secretName', 'jsonField',
  // probe options
  'authSecretJsonField', 'keyPrefix', 'memorySizeMiB', 'stepTimeout', 'loadMode', 'secretsManagerEndpoint', 'secretsManagerPrefixList',
  // secretsmanager generation options named in fixes
  'excludePunctuation', 'excludeCharacters', 'passwordLength', 'includeSpace', 'generateSecretString', 'generateStringKey',
  'secretStringTemplate', 'secretStringValue', 'secretObjectValue',
];

/** The Python name jsii gives a TypeScript member name (jsii-pacmak: codemaker `toSnakeCase`). */
export function pythonName(name: string): string {
  return name
    .replace(/(^|[^A-Z])(KiB|MiB|GiB)($|[^a-z])/g, (_, before: string, abbr: string, after: string) => before + abbr[0] + abbr.slice(1).toLowerCase() + after)
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    // a run of capitals splits before its last capital only when a lower-case letter follows (codemaker / decamelize:
    // `HTTPS2` is `https2`, not `http_s2`)
    .replace(/([A-Z]+)([A-Z][a-z]+)/g, '$1_$2')
    .toLowerCase();
}

const NAME_PATTERN = new RegExp(`(?<![\\w.'])(${[...MESSAGE_NAMES].sort((a, b) => b.length - a.length).join('|')})(?![\\w'])`, 'g');

/**
 * The message with the Python spellings of the props it names appended, e.g.
 * `numCacheNodes must be ... (Python: num_cache_nodes)`. Names inside quotes (values) are not props.
 */
export function withPythonNames(message: string): string {
  const names = [...new Set([...message.matchAll(NAME_PATTERN)].map(m => m[1]))].filter(n => pythonName(n) !== n);
  return names.length === 0 ? message : `${message} (Python: ${names.map(pythonName).join(', ')})`;
}
