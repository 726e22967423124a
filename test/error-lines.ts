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
