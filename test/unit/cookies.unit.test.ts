import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readCookie } from '../../src/web/middleware/cookies.ts';

const request = (cookie?: string) => ({ headers: cookie === undefined ? {} : { cookie } });

describe('reading a cookie from the request', () => {
  it('finds the named cookie among others, decoded, with = inside its value kept', () => {
    const req = request('ow.sid=s%3Aabc; ow.flash=a.b%2Fc==; other=1');
    assert.equal(readCookie(req, 'ow.flash'), 'a.b/c==');
    assert.equal(readCookie(req, 'ow.sid'), 's:abc');
    assert.equal(readCookie(req, 'missing'), undefined);
    assert.equal(readCookie(request(), 'ow.flash'), undefined);
  });

  it('keeps a value that is not valid percent-encoding as sent, rather than throwing', () => {
    assert.equal(readCookie(request('ow.flash=%E0%A4%A; x=1'), 'ow.flash'), '%E0%A4%A');
  });
});
