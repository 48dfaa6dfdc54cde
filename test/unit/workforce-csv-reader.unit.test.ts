import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readCsv } from '../../src/features/workforce/returns/readers.ts';
import { validateReturn } from '../../src/features/workforce/returns/validate.ts';

const dir = mkdtempSync(join(tmpdir(), 'ow-csv-reader-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `f${++fileNo}.csv`);
  writeFileSync(path, content);
  return path;
}
async function read(path: string): Promise<{ rows: number[]; values: unknown[][] }> {
  const rows: number[] = [];
  const values: unknown[][] = [];
  for await (const batch of readCsv(path))
    for (const r of batch) {
      rows.push(r.row);
      values.push(r.values);
    }
  return { rows, values };
}
const quote = (v: string) => (/[",;\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

describe('workforce CSV reader', () => {
  it('keeps every value intact across the chunks a large file is read in', async () => {
    // Quoted line ends, doubled quotes, separators and multi-byte characters, in rows that straddle
    // each chunk boundary of a file of several hundred kilobytes.
    const samples = ['Zoë', 'café € fund', 'Forest school\r\nleader', 'says "hello", twice', 'a;b', '', 'W'];
    const expected: string[][] = [['worker_id', 'note', 'other']];
    for (let i = 0; i < 30000; i++)
      expected.push([`W${i}`, samples[i % samples.length], samples[(i * 3) % samples.length]]);
    const text = expected.map((r) => r.map(quote).join(',')).join('\r\n');
    assert.ok(Buffer.byteLength(text) > 400 * 1024);
    const { rows, values } = await read(file(`${text}\r\n`));
    assert.deepEqual(values, expected);
    assert.deepEqual(rows.slice(0, 3), [1, 2, 3]);
    assert.equal(rows.at(-1), expected.length);
  });

  it('reads the last row without a line end, and files with old Mac line ends', async () => {
    assert.deepEqual((await read(file('a,b\n1,2'))).values, [
      ['a', 'b'],
      ['1', '2'],
    ]);
    assert.deepEqual((await read(file('a;b\r"x\ry";2\r'))).values, [
      ['a', 'b'],
      ['x\ry', '2'],
    ]);
  });

  it('reads Windows-1252 whose only non-ASCII byte is near the end of a large file', async () => {
    const filler = Array.from({ length: 20000 }, (_, i) => `W${i},plain`).join('\n');
    const { values } = await read(file(Buffer.from(`worker_id,note\n${filler}\nW-last,caf\xe9\n`, 'latin1')));
    assert.deepEqual(values.at(-1), ['W-last', 'café']);
  });

  it('reads the rows before an unclosed quote, then says after which row the file broke', async () => {
    const header = 'worker_id,service,job_role,workforce_group,employment_type,contract_type,fte,contracted_hours';
    const good = 'W1,early_years,early_years_practitioner,core,employee,permanent,1,37';
    const events = [];
    for await (const e of validateReturn({
      path: file(`${header}\n${good}\n"W2,health\nW3,health\n`),
      fileName: 'r.csv',
      censusDate: '2026-09-30',
    }))
      events.push(e);
    assert.equal(events.filter((e) => e.type === 'worker').length, 1);
    const last = events.at(-1);
    assert.ok(last?.type === 'problem');
    assert.equal(last.problem.kind, 'unreadable_file');
    assert.match(last.problem.message, /could not be read as CSV after row 2 .*check quotes are closed/);
  });

  it('stops at a quote left open early in a large file rather than reading the rest as one value', async () => {
    const rest = Array.from({ length: 60000 }, (_, i) => `W${i},plain text of a row`).join('\n');
    const path = file(`worker_id,note\nW0,fine\n"W1,broken\n${rest}\n`);
    await assert.rejects(
      read(path),
      /after row 2 \(a quoted value runs on for over a million characters\): check quotes are closed/,
    );
  });
});
