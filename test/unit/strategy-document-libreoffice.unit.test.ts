/*
 * [CI] The strategy document's DOCX opened in an office program (test/support/libreoffice.ts):
 * converted to PDF and to text. Without `soffice` it is skipped with a message locally, and fails in CI.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentFile } from '../../src/features/strategy/document-service.ts';
import { skipWithoutLibreOffice as skip, soffice, throughLibreOffice } from '../support/libreoffice.ts';
import { fixtureStrategy } from '../support/strategy-document-fixture.ts';

describe('[ci] the strategy document’s DOCX in LibreOffice', () => {
  it('converts to a PDF of a sane number of pages, and LibreOffice reads all of its text', { skip }, async () => {
    assert.ok(soffice, 'CI needs LibreOffice: scripts/install-test-deps.sh installs libreoffice-writer-nogui');
    const docx = await documentFile({ versionId: 1, partnershipId: 1, source: fixtureStrategy() }, 'docx');
    const { pages, text } = await throughLibreOffice(docx);
    assert.ok(pages >= 4 && pages <= 12, `a sane page count: ${pages}`);
    for (const expected of [
      'Children’s Workforce Strategy 2026–29',
      'Version 3, approved by Demoshire Children’s Trust board on 1 October 2026.',
      'Contents',
      'We count 2,015 people.',
      'Appendix B: the risk register',
      '9 medium, above appetite',
      'Łukasz Nowak',
      'Common Assessment Framework: A shared assessment.',
    ])
      assert.ok(text.includes(expected), `LibreOffice reads “${expected}”`);
  });
});
