import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { validateReturnBatches } from '../../src/features/workforce/returns/validate.ts';
import { inspectXlsx, XLSX_LIMITS } from '../../src/features/workforce/returns/xlsx-guard.ts';
import { HOSTILE_XLSX, validXlsx } from '../support/hostile-files.ts';

describe('XLSX limits: hostile workbooks get a clear problem, quickly, without leaks', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ow-xlsx-unit-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function check(name: string, bytes: Buffer) {
    const path = join(dir, name);
    await writeFile(path, bytes);
    const started = Date.now();
    let workers = 0;
    const problems: string[] = [];
    for await (const batch of validateReturnBatches({ path, fileName: name, censusDate: '2026-09-30' }))
      for (const event of batch) {
        if (event.type === 'worker') workers++;
        if (event.type === 'problem' && event.problem.severity === 'error') problems.push(event.problem.message);
      }
    return { workers, problems, ms: Date.now() - started };
  }

  it('reads a valid workbook', async () => {
    const { workers, problems } = await check('valid.xlsx', validXlsx(12));
    assert.deepEqual({ workers, problems }, { workers: 12, problems: [] });
  });

  it('refuses 300 bit-flipped and truncated copies, each in under 2 s, leaving no handles open', async () => {
    const handles = (await readdir('/proc/self/fd')).length;
    for (let seed = 0; seed < 300; seed++) {
      const bytes = seed % 5 === 4 ? HOSTILE_XLSX.truncated(seed) : HOSTILE_XLSX.bitFlip(seed);
      const { workers, problems, ms } = await check(`flip-${seed}.xlsx`, bytes);
      assert.ok(ms < 2000, `seed ${seed}: ${ms} ms`);
      assert.ok(workers === 5 || problems.length > 0, `seed ${seed}: an answer`);
    }
    assert.ok((await readdir('/proc/self/fd')).length <= handles + 1);
    assert.equal((await readdir(tmpdir())).filter((n) => n.startsWith(`tmp-${process.pid}-`)).length, 0);
  });

  it('names what is wrong: a DTD, a damaged file, a row beyond the limit', async () => {
    const cases: [string, Buffer, RegExp][] = [
      ['lol.xlsx', HOSTILE_XLSX.entityExpansion(), /document type declaration/],
      ['xxe.xlsx', HOSTILE_XLSX.xxeSharedStrings(), /document type declaration/],
      ['cut.xlsx', HOSTILE_XLSX.truncated(3), /damaged/],
      ['rows.xlsx', HOSTILE_XLSX.hugeRowNumber(), /numbered 99999999/],
      ['zip.xlsx', HOSTILE_XLSX.notAWorkbook(1), /not an Excel workbook/],
    ];
    for (const [name, bytes, message] of cases) {
      const { problems } = await check(name, bytes);
      assert.match(problems.join(' '), message, name);
    }
  });

  it('counts shared strings exactly across chunks: the limit passes, one more is refused', async () => {
    const limits = { ...XLSX_LIMITS, sharedStrings: 300_000 };
    for (const [count, refused] of [
      [300_000, false],
      [300_001, true],
    ] as const) {
      const path = join(dir, `strings-${count}.xlsx`);
      await writeFile(path, HOSTILE_XLSX.sharedStringBomb(count));
      const outcome = await inspectXlsx(path, limits).then(
        () => 'read',
        (err: Error) => err.message,
      );
      if (refused) assert.match(outcome, /more than 300,000 different texts/);
      else assert.equal(outcome, 'read');
    }
  });
});
