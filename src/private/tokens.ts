import { CfnParameter, Stack, Token } from 'aws-cdk-lib';

/** True when `logicalId` is a NoEcho CloudFormation parameter of `stack` (a `{ Ref }` to it is no plain-text secret). */
export function isNoEchoParameter(stack: Stack, logicalId: string): boolean {
  return stack.node.findAll().some(x => x instanceof CfnParameter && x.noEcho === true && stack.resolve(x.logicalId) === logicalId);
}

/** True when `n` is a concrete number (not a token): rules judge only concrete values. */
export function known(n: number | undefined): n is number {
  return n !== undefined && !Token.isUnresolved(n);
}

/** True when `s` is a concrete string (not a token). */
export function knownString(s: string | undefined): s is string {
  return s !== undefined && !Token.isUnresolved(s);
}

/**
 * An id as ElastiCache stores it: in lower case (replication group ids, serverless cache names).
 * A token passes through unchanged (it cannot be lowered at synth).
 */
export function storedLowerCase(id: string): string {
  return Token.isUnresolved(id) ? id : id.toLowerCase();
}
