import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvRows, HistoricImportError } from '../../src/features/assessment/historic-import.ts';

describe('a past round’s CSV, read with Papa Parse', () => {
  it('reads quoted commas, quotes and line breaks, ragged rows and a byte-order mark', () => {
    const text = '\uFEFFTitle\n"Theme, one","He said ""yes""",3\n"two\nlines",4\n';
    assert.deepEqual(csvRows(text), [['Title'], ['Theme, one', 'He said "yes"', '3'], ['two\nlines', '4']]);
  });

  it('keeps blank lines inside the file, so row numbers match the file', () => {
    assert.deepEqual(csvRows('a,b\n\nc,d'), [['a', 'b'], [''], ['c', 'd']]);
  });

  it('never guesses another delimiter', () => {
    assert.deepEqual(csvRows('a;b;c\n1;2;3\n'), [['a;b;c'], ['1;2;3']]);
  });

  it('refuses a file with an unclosed quote, saying so', () => {
    assert.throws(
      () => csvRows('a,b\n"unclosed,2\n'),
      (err: unknown) => err instanceof HistoricImportError && /could not be read as CSV/.test(err.problems[0] ?? ''),
    );
  });
});
