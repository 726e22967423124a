/**
 * `valueProblem()` (src/private/parameter-table.ts): the "must be …" part of every rejected parameter value
 * (`RedisParameterGroupProps.parameters`, docs/validation.md). The words a user reads and the exact edges of
 * each range: a value ElastiCache accepts must never be refused.
 */
import { ParameterSpec, ParameterType, valueProblem } from '../../src/private/parameter-table';

const spec = (type: ParameterType): ParameterSpec => ({ name: 'p', type, modifiable: true });

describe('valueProblem(): what a value must be, or undefined when it fits', () => {
  test.each<[string, ParameterType, string, string | undefined]>([
    ['boolean yes', { kind: 'boolean' }, 'yes', undefined],
    ['boolean no', { kind: 'boolean' }, 'no', undefined],
    ['boolean in capitals', { kind: 'boolean' }, 'YES', "'yes' or 'no'"],
    ['enum member', { kind: 'enum', values: ['always', 'everysec'] }, 'everysec', undefined],
    ['enum non-member', { kind: 'enum', values: ['always', 'everysec'] }, 'never', "one of 'always', 'everysec'"],
    ['integer in range', { kind: 'integer', min: 0, max: 10 }, '7', undefined],
    ['integer at the minimum', { kind: 'integer', min: 0, max: 10 }, '0', undefined],
    ['integer at the maximum', { kind: 'integer', min: 0, max: 10 }, '10', undefined],
    ['integer above the maximum', { kind: 'integer', min: 0, max: 10 }, '11', 'a whole number from 0 to 10'],
    ['integer below the minimum', { kind: 'integer', min: 0, max: 10 }, '-1', 'a whole number from 0 to 10'],
    ['negative integer allowed', { kind: 'integer', min: -5, max: 5 }, '-5', undefined],
    ['integer with a minimum only', { kind: 'integer', min: 1 }, '0', 'a whole number of at least 1'],
    ['integer with a minimum only, large', { kind: 'integer', min: 1 }, '9007199254740991', undefined],
    ['integer without bounds, not a number', { kind: 'integer' }, 'ten', 'a whole number'],
    ['integer without bounds, a number', { kind: 'integer' }, '-42', undefined],
    ['integer with trailing text', { kind: 'integer', min: 0, max: 10 }, '5x', 'a whole number from 0 to 10'],
    ['integer with leading text', { kind: 'integer', min: 0, max: 10 }, 'x5', 'a whole number from 0 to 10'],
    ['a decimal', { kind: 'integer', min: 0, max: 10 }, '2.5', 'a whole number from 0 to 10'],
    ['chars all allowed', { kind: 'chars', allowed: 'KEA' }, 'KEA', undefined],
    ['chars empty', { kind: 'chars', allowed: 'KEA' }, '', undefined],
    ['chars one not allowed', { kind: 'chars', allowed: 'KEA' }, 'KEx', 'made of the characters KEA (or empty)'],
    ['free string', { kind: 'string' }, 'anything at all', undefined],
  ])('%s: %j, %j → %j', (_what, type, value, problem) => {
    expect(valueProblem(spec(type), value)).toBe(problem);
  });
});
