import * as fs from 'fs';
// jsii-pacmak's own snake-casing (a dependency of jsii-pacmak, which projen installs)
// eslint-disable-next-line import/no-extraneous-dependencies
import { toSnakeCase } from 'codemaker';
import { build } from './util';
import { RedisAuthentication } from '../src';
import { sourcePath } from './source';
import { MESSAGE_NAMES, pythonName, withPythonNames } from '../src/private/python-names';

/** The props of an exported interface, read from its source file. */
function propsOf(file: string, iface: string): string[] {
  const text = fs.readFileSync(sourcePath('src', file), 'utf-8');
  const start = text.indexOf(`export interface ${iface} `);
  const body = text.slice(start, text.indexOf('\n}\n', start));
  return [...body.matchAll(/^ {2}readonly (\w+)\??:/gm)].map(m => m[1]);
}

describe('Python spellings in messages', () => {
  test('every camelCase prop of the public props interfaces is known to the helper', () => {
    const props = [
      ...propsOf('redis.ts', 'AirDiscoveryRedisProps'),
      ...propsOf('serverless.ts', 'AirDiscoveryServerlessRedisProps'),
      ...propsOf('auth.ts', 'RedisUserProps'), ...propsOf('auth.ts', 'RedisUserGroupOptions'), ...propsOf('auth.ts', 'GeneratedAuthTokenOptions'),
      ...propsOf('probe/probe.ts', 'RedisConnectivityProbeOptions'),
    ].filter(p => /[A-Z]/.test(p));
    expect(props.length).toBeGreaterThan(50);
    expect(props.filter(p => !MESSAGE_NAMES.includes(p))).toEqual([]);
  });

  test('the helper spells names the way jsii-pacmak does', () => {
    for (const name of MESSAGE_NAMES) expect({ name, python: pythonName(name) }).toEqual({ name, python: toSnakeCase(name) });
  });

  // Chosen to tell apart the variants of each regular expression (mutation testing, docs/testing.md); every expected
  // value is codemaker's toSnakeCase output, checked below too.
  test.each([
    ['MiBValue', 'mib_value'], // a unit at the very start
    ['memorySizeMiB', 'memory_size_mib'], // a unit at the end
    ['xKiB2', 'x_kib2'], // a unit followed by a digit
    ['MiB2x', 'mib2x'],
    ['memoryMiBs', 'memory_mi_bs'], // a unit followed by a lower-case letter is not the unit
    ['TTLMiB', 'ttl_mi_b'], // nor one after a capital
    ['cache2Node', 'cache2_node'], // a digit before a capital
    ['AB', 'ab'],
    ['ABCDef', 'abc_def'], // an acronym run followed by a word
    ['TLSMode', 'tls_mode'],
    ['fooBAR', 'foo_bar'], // an acronym run at the end
    ['aBCDe', 'a_bc_de'],
    ['HTTPS2', 'https2'], // a capital followed by a digit does not end an acronym run
    ['someHTTPS2Thing', 'some_https2_thing'],
    ['ABC2d', 'abc2d'],
  ])('pythonName(%s) is %s, as jsii-pacmak spells it', (name, python) => {
    expect(pythonName(name)).toBe(python);
    expect(toSnakeCase(name)).toBe(python);
  });

  test('a prop named twice in a message is listed once', () => {
    expect(withPythonNames('numShards must be at most 500 / replicasPerShard; numShards: 600')).toBe('numShards must be at most 500 / replicasPerShard; numShards: 600 (Python: num_shards, replicas_per_shard)');
  });

  test('names inside quoted values are not props', () => {
    expect(withPythonNames("parameters 'numShards' must be ..., got 'x' for numShards")).toBe("parameters 'numShards' must be ..., got 'x' for numShards (Python: num_shards)");
    expect(withPythonNames('port must be a whole number')).toBe('port must be a whole number');
  });

  test('every construct error names the Python spelling of the props it mentions', () => {
    expect(() => build({ numCacheNodes: 9, clusterMode: 'on' as any })).toThrow(/clusterMode must be one of .* \(Python: cluster_mode\)/);
    expect(() => build({ numCacheNodes: 9 })).toThrow(/numCacheNodes must be a whole number from 1 to 6 .* \(Python: num_cache_nodes, cluster_mode\)$/m);
  });
});

describe('messages never repeat a password', () => {
  test.each([
    ['>', 'on >Sup3r-S3cret-Passw0rd ~* +@read'],
    ['#', 'on #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 ~* +@read'],
  ])('a %s rule', (_kind, accessString) => {
    let message = '';
    try {
      build({ transitEncryption: true, authentication: RedisAuthentication.rbac({ users: [{ userName: 'app', accessString }] }) });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/must not contain passwords or reset/);
    expect(message).not.toMatch(/Sup3r|5e8848/);
  });
});
