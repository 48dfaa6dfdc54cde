/*
 * [CI] The board pack's DOCX opened in an office program: LibreOffice (Debian's
 * libreoffice-writer-nogui, installed by scripts/install-test-deps.sh) converts it to PDF and to
 * text. Without `soffice` the test is skipped with a message locally, and fails in CI.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { packDocx } from '../../src/features/reports/pack-files.ts';
import { fixturePack } from '../support/board-pack-fixture.ts';

const run = promisify(execFile);
const soffice = await run('sh', ['-c', 'command -v soffice'])
  .then(({ stdout }) => stdout.trim())
  .catch(() => '');
const skip =
  !soffice && !process.env.CI
    ? 'soffice (LibreOffice) is not installed: apt-get install libreoffice-writer-nogui to run this CI test'
    : false;

describe('[ci] the board pack’s DOCX in LibreOffice', () => {
  it('converts to a PDF of a sane number of pages, and LibreOffice reads all of its text', { skip }, async () => {
    assert.ok(soffice, 'CI needs LibreOffice: scripts/install-test-deps.sh installs libreoffice-writer-nogui');
    const dir = await mkdtemp(join(tmpdir(), 'pack-lo-'));
    try {
      const file = join(dir, 'pack.docx');
      await writeFile(file, await packDocx(fixturePack()));
      const convert = (to: string) =>
        run(
          soffice,
          [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', to, '--outdir', dir, file],
          {
            timeout: 120_000,
          },
        );
      await convert('pdf');
      await convert('txt:Text (encoded):UTF8');
      const pdf = (await readFile(join(dir, 'pack.pdf'))).toString('latin1');
      const pages = pdf.match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
      assert.ok(pages >= 3 && pages <= 12, `a sane page count: ${pages}`);
      const text = await readFile(join(dir, 'pack.txt'), 'utf8');
      for (const expected of [
        'Quarterly board pack: April to June 2027',
        'Contents',
        'Red, amber and stale actions',
        'Corrective action: Dedicated recruiter from July (Zoë).',
        'Ask of the board: Approve £40,000 for the campaign',
        'Worse ↓ (was 16%)',
        'Reliance on agency staff',
        'Workforce grant',
      ])
        assert.ok(text.includes(expected), `LibreOffice reads “${expected}”`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
