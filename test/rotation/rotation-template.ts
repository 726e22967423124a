/**
 * What the rotation construct tests read out of a template, for both caches (test/rotation/*-construct.test.ts).
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RedisAuthentication } from '../../src';

/** The construct's rotation functions (by their description). */
export const rotationFunctions = (t: Template) => Object.values<any>(t.findResources('AWS::Lambda::Function', {
  Properties: { Description: Match.stringLikeRegexp('Secrets Manager rotation') },
}));

/** The rotation function's environment. */
export const fnEnv = (t: Template) => rotationFunctions(t)[0]?.Properties.Environment.Variables;

/** Every IAM policy statement of the template. */
export const statements = (t: Template) => Object.values<any>(t.findResources('AWS::IAM::Policy')).flatMap(p => p.Properties.PolicyDocument.Statement);

/** The statements that allow an `elasticache:` action. */
export const elastiCacheStatements = (t: Template) => statements(t).filter(s => [s.Action].flat().some((a: string) => a.startsWith('elasticache:')));

/** RBAC with two password users (with the probe: three generated user secrets). */
export const TWO_USERS = () => RedisAuthentication.rbac({ users: [{ userName: 'app' }, { userName: 'worker' }] });

/** Asserts `schedules` rotation schedules and one function rotating user passwords; returns its environment. */
export function userRotationEnv(t: Template, schedules: number): { [name: string]: any } {
  t.resourceCountIs('AWS::SecretsManager::RotationSchedule', schedules);
  expect(rotationFunctions(t)).toHaveLength(1);
  const env = fnEnv(t);
  expect(env.ROTATION_KIND).toBe('user');
  return env;
}
