import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalCode, newCertificateCode, validUntil } from '../../src/features/training/certificates.ts';

describe('certificate codes', () => {
  it('makes distinct codes in Crockford’s alphabet', () => {
    const codes = new Set(Array.from({ length: 2000 }, newCertificateCode));
    assert.equal(codes.size, 2000);
    for (const code of codes)
      assert.match(code, /^OW-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('reads a code back as people type it', () => {
    assert.equal(canonicalCode('ow 7kq2 m9xd 4hjt'), 'OW-7KQ2-M9XD-4HJT');
    assert.equal(canonicalCode('7KQ2M9XD4HJT'), 'OW-7KQ2-M9XD-4HJT');
    assert.equal(canonicalCode('OW-7KQ2-M9XD-4HJO'), 'OW-7KQ2-M9XD-4HJ0', 'O is read as zero');
    assert.equal(canonicalCode('OW-7KQ2-M9XD'), null);
    assert.equal(canonicalCode('OW-7KQ2-M9XD-4HJU'), null, 'U is not in the alphabet');
  });

  it('dates the refresher from the course date, or none', () => {
    assert.equal(validUntil('2026-03-10', 3), '2029-03-10');
    assert.equal(validUntil('2028-02-29', 1), '2029-03-01');
    assert.equal(validUntil('2026-03-10', null), null);
  });
});
