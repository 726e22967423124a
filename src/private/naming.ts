import { createHash } from 'crypto';
import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Characters Secrets Manager must leave out of a generated AUTH token or user
 * password: every printable ASCII punctuation character except the ones
 * ElastiCache accepts (`! & # $ ^ < > -`). Space is excluded separately.
 * Source: ElastiCache user guide, "Authenticating with the Valkey and Redis OSS AUTH command".
 */
export const ELASTICACHE_PASSWORD_EXCLUDED_CHARACTERS = '"%\'()*+,./:;=?@[\\]_`{|}~';


/**
 * Makes an ElastiCache identifier out of arbitrary text: lower case, letters,
 * digits and single hyphens, starting with a letter, no trailing hyphen, at most
 * `maxLength` characters. When the text has to be shortened, an 8-character hash
 * of the whole text keeps the result unique and deterministic.
 */
export function elastiCacheId(text: string, maxLength: number): string {
  if (Token.isUnresolved(text)) return text;
  const id = sanitize(text);
  if (id.length <= maxLength) return id;
  return withHash(id, maxLength, text);
}

function sanitize(text: string): string {
  const id = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '');
  return id.length === 0 ? 'redis' : id;
}

function withHash(id: string, maxLength: number, hashed: string): string {
  const hash = createHash('sha256').update(hashed).digest('hex').slice(0, 8);
  const head = id.slice(0, maxLength - hash.length - 1).replace(/-+$/, '');
  return `${head}-${hash}`;
}

/**
 * The deterministic replication group id for a construct: the stack name and the
 * construct path, plus a hash of the full path, within ElastiCache's 40 characters.
 * Deterministic so that re-synthesizing never renames (and so replaces) the group.
 */
export function generateReplicationGroupId(construct: IConstruct): string {
  const stack = Stack.of(construct);
  const stackName = Token.isUnresolved(stack.stackName) ? 'stack' : stack.stackName;
  const relative = construct.node.scopes.slice(stack.node.scopes.length).map(s => s.node.id).join('-');
  return withHash(sanitize(`${stackName}-${relative}`), 40, construct.node.path);
}

/**
 * The construct id of an RBAC / IAM user's `AWS::ElastiCache::User`: `User<PascalCaseName>`
 * (`User<index>` for a token name). Two names that differ only in punctuation or case map to the same id.
 */
export function userConstructId(userName: string, index: number): string {
  if (Token.isUnresolved(userName)) return `User${index}`;
  return `User${String(userName).split(/[^A-Za-z0-9]+/).filter(Boolean).map(p => p[0].toUpperCase() + p.slice(1)).join('') || 'User'}`;
}
