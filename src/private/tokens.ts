import { Token } from 'aws-cdk-lib';

/** True when `n` is a concrete number (not a token): rules judge only concrete values. */
export function known(n: number | undefined): n is number {
  return n !== undefined && !Token.isUnresolved(n);
}

/** True when `s` is a concrete string (not a token). */
export function knownString(s: string | undefined): s is string {
  return s !== undefined && !Token.isUnresolved(s);
}
