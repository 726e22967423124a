/**
 * RedisConnectivityProbe options as Python, Java or plain JavaScript can pass them:
 * Lambda's limits are checked at synth, with the value received.
 */
import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ensureProbeBundle } from './bundle';
import { AirDiscoveryRedis, RedisConnectivityProbeOptions } from '../../src';
import { PROBE_OPTION_RULES } from '../../src/probe/probe-options';

beforeAll(() => ensureProbeBundle());

function addProbe(options: RedisConnectivityProbeOptions) {
  const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
  const stack = new Stack(app, 'ProbeStack', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  return new AirDiscoveryRedis(stack, 'Redis', { vpc }).addProbe('Probe', options);
}

const INVALID: Array<[string, RedisConnectivityProbeOptions, string]> = [
  ['memory of 1 MiB', { memorySizeMiB: 1 }, "memorySizeMiB must be a whole number of MiB from 128 to 10240 (Lambda's limits), got 1 (number): e.g. 1024 (1769 MiB is one vCPU) (Python: memory_size_mib)"],
  ['memory of NaN', { memorySizeMiB: NaN }, 'memorySizeMiB must be a whole number of MiB from 128 to 10240 (Lambda\'s limits), got NaN (number)'],
  ['memory of -1', { memorySizeMiB: -1 }, 'got -1 (number)'],
  ['memory of 10241 MiB', { memorySizeMiB: 10241 }, 'got 10241 (number)'],
  ['memory as a string', { memorySizeMiB: '1024' as any }, "got '1024'"],
  ['a 16-minute timeout', { timeout: Duration.minutes(16) }, "timeout must be a Duration from 1 second to 15 minutes (Lambda's limit), got 16 minutes: e.g. Duration.minutes(1)"],
  ['a timeout of 0', { timeout: Duration.seconds(0), stepTimeout: Duration.seconds(0) }, 'timeout must be a Duration from 1 second to 15 minutes (Lambda\'s limit), got 0 seconds'],
  ['a timeout as a number of seconds', { timeout: 60 as any }, 'timeout must be a Duration from 1 second to 15 minutes (Lambda\'s limit), got 60 (number)'],
  ['a step timeout of 0', { stepTimeout: Duration.seconds(0) }, 'stepTimeout must be a Duration above zero, got 0 seconds: e.g. Duration.seconds(5) (Python: step_timeout)'],
  ['a step timeout as a number', { stepTimeout: 5 as any }, 'stepTimeout must be a Duration above zero, got 5 (number)'],
  ['a key prefix that is a list', { keyPrefix: ['probe:'] as any }, 'keyPrefix must be a string, got an array of 1: pass text'],
  ['a user name that is a number', { userName: 7 as any }, 'userName must be a string, got 7 (number)'],
  // how a value of the wrong kind is shown (plain JavaScript, or Python / Java passing something else)
  ['memory of 1024.5 MiB', { memorySizeMiB: 1024.5 }, 'got 1024.5 (number)'],
  ['memory of null', { memorySizeMiB: null as any }, 'memorySizeMiB must be a whole number of MiB from 128 to 10240 (Lambda\'s limits), got null (null)'],
  ['a timeout that is a plain object', { timeout: { minutes: 1 } as any }, 'timeout must be a Duration from 1 second to 15 minutes (Lambda\'s limit), got a Object'],
  ['a step timeout that is an object without a prototype', { stepTimeout: Object.create(null) }, 'stepTimeout must be a Duration above zero, got a value:'],
  ['a user name that is an unresolved Duration', { userName: Duration.seconds(Lazy.number({ produce: () => 5 })) as any }, 'userName must be a string, got a token:'],
  ['a key prefix and a user name that are numbers', { keyPrefix: 5 as any, userName: 7 as any },
    'keyPrefix must be a string, got 5 (number); userName must be a string, got 7 (number): pass text'],
];

describe('probe options outside Lambda\'s limits are rejected at synth', () => {
  test.each(INVALID)('%s', (_name, options, message) => {
    expect(() => addProbe(options)).toThrow(message);
  });

  test('every failing option at once', () => {
    expect(() => addProbe({ memorySizeMiB: 64, timeout: Duration.minutes(20) })).toThrow(/memorySizeMiB must be .*got 64.*\n {2}- timeout must be .*got 20 minutes/);
  });

  test('every rule is exercised', () => {
    const hit = new Set<number>();
    for (const [, options] of INVALID) PROBE_OPTION_RULES.forEach((r, k) => { if (r.condition(options)) hit.add(k); });
    expect(hit.size).toBe(PROBE_OPTION_RULES.length);
  });

  test('the limits themselves are valid: 128 MiB, 10240 MiB, 15 minutes, the step timeout consistent with the timeout', () => {
    expect(() => addProbe({ memorySizeMiB: 128, timeout: Duration.minutes(15), stepTimeout: Duration.minutes(3) })).not.toThrow();
    expect(() => addProbe({ memorySizeMiB: 10240, timeout: Duration.seconds(4), stepTimeout: Duration.seconds(1) })).not.toThrow();
  });

  test('options left out, a 1-second timeout and string options are accepted', () => {
    expect(() => addProbe({})).not.toThrow();
    expect(() => addProbe({ timeout: Duration.seconds(1), stepTimeout: Duration.millis(250) })).not.toThrow();
    expect(() => addProbe({ keyPrefix: 'probe:check:' })).not.toThrow();
  });

  test('only the options that are not strings are named', () => {
    expect(() => addProbe({ keyPrefix: 'probe:', userName: 7 as any })).toThrow(/\n {2}- userName must be a string, got 7 \(number\): pass text/);
  });

  test('a step timeout inconsistent with the timeout is still rejected', () => {
    expect(() => addProbe({ stepTimeout: Duration.seconds(20), timeout: Duration.seconds(60) })).toThrow(/timeout \(1 minute\) must be at least 4 × stepTimeout \(20 seconds\)/);
  });
});
