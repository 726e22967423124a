import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Props, placed } from './topology-cases';

/**
 * The construct's error lines ('  - ' items) for these props ([] when it builds): in a VPC over us-east-1a/b/c
 * (`placed`), or in the test VPC of test/util.ts (`build`). Used by the validation-mutants tests, which pin whole
 * error lists.
 */
export function errorsFor(props: Props, make: (p: Props) => unknown = placed): string[] {
  try {
    make(props);
    return [];
  } catch (e) {
    const lines = (e as Error).message.split('\n');
    expect(lines[0]).toBe(`invalid AirDiscoveryRedis configuration at ${make === placed ? 'PlacementStack' : 'TestStack'}/Redis:`);
    return lines.slice(1).map(l => l.replace(/^ {2}- /, ''));
  }
}

/** The acknowledgement suffix that ends each of this library's warnings. */
export const ack = (id: string) => ` [ack: @air-discovery/cdk-redis:${id}]`;

/** The warnings with this id on a stack, whole (each ends with its acknowledgement suffix). */
export function warningsWithId(stack: Stack, id: string): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map(w => String(w.entry.data)).filter(w => w.endsWith(ack(id)));
}

/** The ids of the warnings on a stack, sorted (a warning without an acknowledgement id is kept whole). */
export function warningIds(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue())
    .map(w => /\[ack: @air-discovery\/cdk-redis:(\w+)\]$/.exec(String(w.entry.data))?.[1] ?? String(w.entry.data)).sort();
}
