import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RedisPreset } from '../presets';
import { ServerlessEngine } from '../serverless-engine';

/** The values one preset sets for a serverless cache. */
export interface ServerlessPresetValues {
  readonly engine: ServerlessEngine;
  /** Upper bound of the data the cache may hold, GB (a cost ceiling). */
  readonly maximumDataStorageGb: number;
  /** Upper bound of the ECPUs the cache may consume per second (a cost ceiling). */
  readonly maximumEcpuPerSecond: number;
  /** Whether the preset's authentication is a generated AUTH token (else none). */
  readonly generatedAuthToken: boolean;
  readonly snapshotRetention: Duration;
  /** UTC, `HH:MM`. */
  readonly dailySnapshotTime: string;
  readonly removalPolicy: RemovalPolicy;
  readonly alarms: boolean;
}

/**
 * The serverless preset table: the only place these values live (docs/serverless.md mirrors it).
 *
 * DEV: the setup guide's development needs at the lowest bill: Valkey 8 (the cheapest
 * serverless rates, 100 MB minimum billed storage), no AUTH as in the guide (TLS is always
 * on), 1-day snapshots at the guide's 02:00 UTC, DESTROY. The ceilings (1 GB, 5,000 ECPU/s)
 * cap what a runaway test can cost (at most about $61 of storage and $30 of ECPUs a month)
 * while leaving room for the guide's tests.
 *
 * PROD: the guide's production plan: a generated AUTH token, 7-day snapshots, a final
 * snapshot on delete, alarms. Ceilings of 10 GB (the guide's node plan holds about
 * 3 x 1.37 GB) and 100,000 ECPU/s (the guide's "~100,000 ops/sec").
 */
export const SERVERLESS_PRESETS: { readonly [preset in RedisPreset]: ServerlessPresetValues } = {
  [RedisPreset.DEV]: {
    engine: ServerlessEngine.VALKEY_8,
    maximumDataStorageGb: 1,
    maximumEcpuPerSecond: 5000,
    generatedAuthToken: false,
    snapshotRetention: Duration.days(1),
    dailySnapshotTime: '02:00',
    removalPolicy: RemovalPolicy.DESTROY,
    alarms: false,
  },
  [RedisPreset.PROD]: {
    engine: ServerlessEngine.VALKEY_8,
    maximumDataStorageGb: 10,
    maximumEcpuPerSecond: 100_000,
    generatedAuthToken: true,
    snapshotRetention: Duration.days(7),
    dailySnapshotTime: '02:00',
    removalPolicy: RemovalPolicy.SNAPSHOT,
    alarms: true,
  },
};
