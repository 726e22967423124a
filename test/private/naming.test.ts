import { createHash } from 'crypto';
import { App, Lazy, NestedStack, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { elastiCacheId, generateReplicationGroupId, userConstructId } from '../../src/private/naming';

// These ids are a contract: a changed id renames, and so replaces, the replication group / user. Pin them exactly.

/** The 8-character hash of `withHash`, computed here independently of the code under test. */
const hash8 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);

describe('elastiCacheId', () => {
  test('unresolved tokens are returned as is (Token, Lazy string)', () => {
    const token = Token.asString({ Ref: 'Name' });
    expect(elastiCacheId(token, 40)).toBe(token);
    const lazy = Lazy.string({ produce: () => 'Not Sanitized!' });
    expect(elastiCacheId(lazy, 5)).toBe(lazy);
  });

  test('runs of invalid characters become one hyphen, upper case becomes lower case', () => {
    expect(elastiCacheId('My Stack!!/Cache', 40)).toBe('my-stack-cache');
    expect(elastiCacheId('a_b..c', 40)).toBe('a-b-c');
    expect(elastiCacheId('a---b', 40)).toBe('a-b');
  });

  test('leading non-letters are stripped, however many', () => {
    expect(elastiCacheId('12--3abc', 40)).toBe('abc');
    expect(elastiCacheId('-9x', 40)).toBe('x');
  });

  test('trailing hyphens are stripped, however many', () => {
    expect(elastiCacheId('abc--!!', 40)).toBe('abc');
    expect(elastiCacheId('abc-', 40)).toBe('abc');
  });

  test("nothing left → 'redis'", () => {
    expect(elastiCacheId('', 40)).toBe('redis');
    expect(elastiCacheId('!!!123', 40)).toBe('redis');
    expect(elastiCacheId('--', 40)).toBe('redis');
  });

  test('exactly maxLength is kept; maxLength + 1 is cut and hashed (hash of the text as given)', () => {
    expect(elastiCacheId('abcde', 5)).toBe('abcde');
    expect(elastiCacheId('Abcdefghijklm', 13)).toBe('abcdefghijklm');
    // 14 > 13: head is 13 - 8 - 1 = 4 characters
    expect(elastiCacheId('Abcdefghijklmn', 13)).toBe(`abcd-${hash8('Abcdefghijklmn')}`);
    expect(elastiCacheId('Abcdefghijklmn', 13)).toHaveLength(13);
  });

  test('a cut that ends on a hyphen drops it before the hash', () => {
    // sanitized 'abc-defghijklm' (14 > 13), cut to 'abc-' → 'abc'
    expect(elastiCacheId('Abc Defghijklm', 13)).toBe(`abc-${hash8('Abc Defghijklm')}`);
  });
});

describe('generateReplicationGroupId', () => {
  test('stack name and construct path below the stack, plus a hash of the full path', () => {
    const app = new App();
    const stack = new Stack(app, 'MyStack');
    const cache = new Construct(new Construct(stack, 'Parent'), 'Cache');
    expect(cache.node.path).toBe('MyStack/Parent/Cache');
    expect(generateReplicationGroupId(cache)).toBe(`mystack-parent-cache-${hash8('MyStack/Parent/Cache')}`);
  });

  test('long paths are cut to 40 characters, the hash keeps them apart', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack', { stackName: 'production-stack' });
    const cache = new Construct(stack, 'ReplicationGroupWithAVeryLongName');
    // 'production-stack-replicationgroupwithaverylongname' cut to 40 - 8 - 1 = 31 characters
    expect(generateReplicationGroupId(cache)).toBe(`production-stack-replicationgro-${hash8('Stack/ReplicationGroupWithAVeryLongName')}`);
    expect(generateReplicationGroupId(cache)).toHaveLength(40);
  });

  test("an unresolved stack name (nested stack) → 'stack'", () => {
    const app = new App();
    const nested = new NestedStack(new Stack(app, 'Parent'), 'Nested');
    expect(Token.isUnresolved(nested.stackName)).toBe(true);
    const cache = new Construct(nested, 'Cache');
    expect(generateReplicationGroupId(cache)).toBe(`stack-cache-${hash8('Parent/Nested/Cache')}`);
  });
});

describe('userConstructId', () => {
  test('User<PascalCaseName>: runs of punctuation split words, leading punctuation ignored', () => {
    expect(userConstructId('app-user', 0)).toBe('UserAppUser');
    expect(userConstructId('app--user..ro', 0)).toBe('UserAppUserRo');
    expect(userConstructId('--app', 0)).toBe('UserApp');
    expect(userConstructId('my_user', 0)).toBe('UserMyUser');
    expect(userConstructId('aPP', 0)).toBe('UserAPP');
  });

  test("nothing left of the name → 'User' as the name", () => {
    expect(userConstructId('', 0)).toBe('UserUser');
    expect(userConstructId('!!!', 2)).toBe('UserUser');
  });

  test('a token user name → User<index>', () => {
    expect(userConstructId(Token.asString({ Ref: 'Name' }), 3)).toBe('User3');
    expect(userConstructId(Lazy.string({ produce: () => 'app' }), 0)).toBe('User0');
  });
});
