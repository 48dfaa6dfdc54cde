import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

// The size rules of eslint.config.js (docs/adr/0043), run on made-up files at chosen paths.
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

const functionOf = (lines: number): string => {
  const body = Array.from({ length: lines - 3 }, (_, i) => `  total += ${i};`);
  return ['export function tooLong(total: number): number {', ...body, '  return total;', '}', ''].join('\n');
};
const fileOf = (lines: number): string =>
  Array.from({ length: lines }, (_, i) => `export const value${i} = ${i};`).join('\n') + '\n';

async function sizeProblems(text: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath });
  assert.ok(result);
  return result.messages.filter((m) => m.ruleId?.startsWith('max-lines')).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('size rules in lint', () => {
  it('fails a function of 81 lines in src/, naming it, and passes one of 80', async () => {
    assert.deepEqual(await sizeProblems(functionOf(81), 'src/lib/example.ts'), [
      "max-lines-per-function: Function 'tooLong' has too many lines (81). Maximum allowed is 80.",
    ]);
    assert.deepEqual(await sizeProblems(functionOf(80), 'src/lib/example.ts'), []);
  });

  it('fails a file of 401 lines in src/ and passes one of 400', async () => {
    assert.deepEqual(await sizeProblems(fileOf(401), 'src/db/example.ts'), [
      'max-lines: File has too many lines (401). Maximum allowed is 400.',
    ]);
    assert.deepEqual(await sizeProblems(fileOf(400), 'src/db/example.ts'), []);
  });

  it('lets a named data table be long, but not its functions', async () => {
    const table = 'src/features/workforce/standard/field-specs.ts';
    assert.deepEqual(await sizeProblems(fileOf(500), table), []);
    assert.equal((await sizeProblems(functionOf(81), table)).length, 1);
  });
});
