import * as fs from 'fs';
import * as path from 'path';
import { renderNodeTypes, renderParameters } from '../scripts/render-reference-tables';

describe('docs generated from the tables', () => {
  test.each([
    ['docs/node-types.md', renderNodeTypes, 'node-types'],
    ['docs/parameters.md', renderParameters, 'parameters'],
  ])('%s equals its rendering (npx ts-node scripts/render-reference-tables.ts %s)', (file, render) => {
    expect(fs.readFileSync(path.join(__dirname, '..', file), 'utf-8')).toBe(render());
  });
});
