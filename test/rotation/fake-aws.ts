/**
 * An in-process fake of the Secrets Manager and ElastiCache calls the rotation function makes. The fake
 * ElastiCache changes a real redis-server's ACL the way ElastiCache changes its nodes: an AUTH token is
 * the `default` user's password (ROTATE adds one, SET leaves only the given one), an RBAC user's
 * `Passwords` become the ACL user's passwords (up to two at once). As in ElastiCache, a modification is
 * asynchronous: the status is `modifying` for a few polls, the change is in force once it is `available`
 * (`active`) again, and another modification meanwhile is refused. Only the AWS API is faked; Redis is real.
 */
import { randomBytes, randomUUID } from 'crypto';
import { Redis } from 'ioredis';
import { ElastiCacheApi, SecretsApi } from '../../src/rotation/private/rotation-core';

interface Version { value?: string; stages: string[] }

export class FakeSecretsManager implements SecretsApi {
  public readonly versions = new Map<string, Version>();
  public readonly calls: string[] = [];

  constructor(initial: string) {
    this.versions.set(randomUUID(), { value: initial, stages: ['AWSCURRENT'] });
  }

  /** What RotateSecret does before calling the function: a new version id labelled AWSPENDING, no value yet. */
  public startRotation(): string {
    const token = randomUUID();
    for (const v of this.versions.values()) v.stages = v.stages.filter(s => s !== 'AWSPENDING');
    this.versions.set(token, { stages: ['AWSPENDING'] });
    return token;
  }

  public valueAt(stage: string): string | undefined {
    return [...this.versions.values()].find(v => v.stages.includes(stage))?.value;
  }

  public async describeSecret() {
    this.calls.push('DescribeSecret');
    return { RotationEnabled: true, VersionIdsToStages: Object.fromEntries([...this.versions].map(([id, v]) => [id, [...v.stages]])) };
  }

  public async getSecretValue(_id: string, stage: string, versionId?: string): Promise<string> {
    this.calls.push(`GetSecretValue ${stage}`);
    const v = versionId !== undefined ? this.versions.get(versionId) : [...this.versions.values()].find(x => x.stages.includes(stage));
    if (!v || !v.stages.includes(stage) || v.value === undefined) throw new Error(`ResourceNotFoundException: no ${stage} value${versionId ? ` for ${versionId}` : ''}`);
    return v.value;
  }

  public async putPendingSecretValue(_id: string, versionId: string, value: string): Promise<void> {
    this.calls.push('PutSecretValue');
    const v = this.versions.get(versionId);
    if (!v) throw new Error(`no version ${versionId}`);
    if (v.value !== undefined && v.value !== value) throw new Error('ResourceExistsException: the version already has another value');
    v.value = value;
  }

  public async promoteToCurrent(_id: string, versionId: string, fromVersionId: string): Promise<void> {
    this.calls.push('UpdateSecretVersionStage');
    const to = this.versions.get(versionId)!;
    const from = this.versions.get(fromVersionId)!;
    if (!from.stages.includes('AWSCURRENT')) throw new Error('InvalidParameterException: AWSCURRENT is not on the version to remove it from');
    for (const v of this.versions.values()) v.stages = v.stages.filter(s => s !== 'AWSPREVIOUS');
    from.stages = [...from.stages.filter(s => s !== 'AWSCURRENT'), 'AWSPREVIOUS'];
    // Secrets Manager drops AWSPENDING once the rotation completes
    to.stages = [...to.stages.filter(s => s !== 'AWSPENDING'), 'AWSCURRENT'];
  }

  public async getRandomPassword(length: number, exclude: string): Promise<string> {
    this.calls.push('GetRandomPassword');
    const alphabet = [...Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i))].filter(c => !exclude.includes(c));
    return [...randomBytes(length)].map(b => alphabet[b % alphabet.length]).join('');
  }
}

export class FakeElastiCache implements ElastiCacheApi {
  public readonly calls: string[] = [];
  /** Set to make ModifyReplicationGroup / ModifyUser accept the call and change nothing (a broken update). */
  public ignoreUpdates = false;
  /** The replication group this ElastiCache has (another id is not found). */
  public replicationGroupId = 'air-redis';
  /** How many status polls answer `modifying` after a modification (default: 2 for the group, 1 for a user). */
  public modifyingPolls?: number;
  private modifying = 0;
  /** The modification in progress: applied to the server when the status turns `available` / `active` again. */
  private change?: () => Promise<unknown>;

  /** `admin`: a connection as an ACL user that may run ACL SETUSER. `users`: user id → ACL user name. */
  constructor(private readonly admin: Redis, private readonly users: { [userId: string]: string } = {}) {}

  public async modifyAuthToken(id: string, token: string, strategy: 'ROTATE' | 'SET'): Promise<void> {
    this.calls.push(`ModifyReplicationGroup ${strategy}`);
    this.group(id);
    if (strategy === 'SET' && !this.calls.some(c => c === 'ModifyReplicationGroup ROTATE')) {
      throw new Error('InvalidParameterValue: SET is allowed only after ROTATE');
    }
    if (this.modifying > 0) throw new Error('InvalidReplicationGroupState: the replication group is not available');
    this.start(this.modifyingPolls ?? 2, () => this.admin.call('ACL', 'SETUSER', 'default', ...(strategy === 'SET' ? ['resetpass'] : []), `>${token}`));
  }

  public async replicationGroupStatus(id: string): Promise<string> {
    this.calls.push('DescribeReplicationGroups');
    this.group(id);
    return (await this.poll()) ? 'available' : 'modifying';
  }

  public async modifyUserPasswords(userId: string, passwords: string[]): Promise<void> {
    this.calls.push(`ModifyUser ${passwords.length}`);
    if (passwords.length < 1 || passwords.length > 2) throw new Error('InvalidParameterValue: 1 or 2 passwords');
    const name = this.users[userId];
    if (!name) throw new Error(`UserNotFound: ${userId}`);
    if (this.modifying > 0) throw new Error('InvalidUserState: the user is not active');
    this.start(this.modifyingPolls ?? 1, () => this.admin.call('ACL', 'SETUSER', name, 'resetpass', ...passwords.map(p => `>${p}`)));
  }

  public async userStatus(): Promise<string> {
    this.calls.push('DescribeUsers');
    return (await this.poll()) ? 'active' : 'modifying';
  }

  private group(id: string) {
    if (id !== this.replicationGroupId) throw new Error(`ReplicationGroupNotFoundFault: ${id}`);
  }

  private start(polls: number, change: () => Promise<unknown>) {
    this.modifying = polls;
    this.change = this.ignoreUpdates ? undefined : change;
  }

  /** One status poll: false while modifying; true once done, the change applied (as ElastiCache: done means applied). */
  private async poll(): Promise<boolean> {
    if (this.modifying > 0) {
      this.modifying--;
      return false;
    }
    const change = this.change;
    this.change = undefined;
    await change?.();
    return true;
  }
}
