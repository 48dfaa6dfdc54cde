/*
 * [CI] The board pack's DOCX opened in an office program (test/support/libreoffice.ts): converted
 * to PDF and to text. Without `soffice` the test is skipped with a message locally, and fails in CI.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packDocx } from '../../src/features/reports/pack-files.ts';
import { fixturePack } from '../support/board-pack-fixture.ts';
import { skipWithoutLibreOffice as skip, soffice, throughLibreOffice } from '../support/libreoffice.ts';

describe('[ci] the board pack’s DOCX in LibreOffice', () => {
  it('converts to a PDF of a sane number of pages, and LibreOffice reads all of its text', { skip }, async () => {
    assert.ok(soffice, 'CI needs LibreOffice: scripts/install-test-deps.sh installs libreoffice-writer-nogui');
    const { pages, text } = await throughLibreOffice(await packDocx(fixturePack()));
    assert.ok(pages >= 3 && pages <= 12, `a sane page count: ${pages}`);
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
  });
});
