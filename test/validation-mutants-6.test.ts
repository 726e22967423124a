/**
 * Survivors of the mutation runs over src/validation.ts lines 1343-1846 (docs/testing.md, `src/validation.ts`): the
 * rules about the props as given (what Python, Java and plain JavaScript callers can pass that the TypeScript types
 * forbid) and the warnings, each pinned by the whole error list or the whole warning a real synth produces.
 */
import { RedisAuthentication } from '../src';
import { errorsFor } from './error-lines';
import { build } from './util';

describe('inputs from every language: the whole message', () => {
  test('a cacheNodeType that is neither a CacheNodeType nor a string: the example names a real node type, not the value received', () => {
    expect(errorsFor({ cacheNodeType: 7 as any }, build)).toEqual([
      "cacheNodeType must be a CacheNodeType, got 7 (number): use a constant such as CacheNodeType.T4_G_MICRO, or CacheNodeType.of('cache.r7g.large') (Python: cache_node_type)",
    ]);
    expect(errorsFor({ cacheNodeType: { name: 'cache.t3.micro' } as any }, build)).toEqual([
      'cacheNodeType must be a CacheNodeType, got an object {"name":"cache.t3.micro"}: use a constant such as CacheNodeType.T4_G_MICRO, '
      + "or CacheNodeType.of('cache.r7g.large') (Python: cache_node_type)",
    ]);
  });

  test("two users with authentication types that do not exist: both named, separated by ', '", () => {
    const users = [{ userName: 'a', authenticationType: 'token' as any }, { userName: 'b', authenticationType: 'pw' as any }];
    expect(errorsFor({ transitEncryption: true, authentication: RedisAuthentication.rbac({ users }) }, build)).toEqual([
      "authenticationType must be one of RedisUserAuthenticationType.PASSWORD, NO_PASSWORD, IAM ('password', 'no-password-required', 'iam'), "
      + "got 'token' for user 'a', 'pw' for user 'b': use one of them (Python: authentication_type)",
    ]);
  });
});
