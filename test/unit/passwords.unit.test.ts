import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  hashPassword,
  passwordProblem,
  useCheapPasswordHashingInTests,
  verifyPassword,
} from '../../src/features/accounts/passwords.ts';

describe('passwords', () => {
  it('hashes with argon2id in PHC format, salted, and verifies', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    assert.match(a, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[\w-]+\$[\w-]+$/);
    assert.notEqual(a, b);
    assert.equal(await verifyPassword('correct horse battery staple', a), true);
    assert.equal(await verifyPassword('correct horse battery stapler', a), false);
  });

  it('refuses the tests-only cheap hashing in production, and keeps production parameters', async () => {
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      assert.throws(() => useCheapPasswordHashingInTests(), /for tests only/);
    } finally {
      if (before === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = before;
    }
    assert.match(await hashPassword('correct horse battery staple'), /\$m=19456,t=2,p=1\$/);
  });

  it('rejects malformed hashes without throwing', async () => {
    assert.equal(await verifyPassword('x', 'not a hash'), false);
    assert.equal(await verifyPassword('x', '$2b$10$bcrypt'), false);
  });

  it('asks for 12 characters or more', () => {
    assert.match(passwordProblem('short') ?? '', /12 characters or more/);
    assert.equal(passwordProblem('twelve chars'), null);
    assert.match(passwordProblem('x'.repeat(257)) ?? '', /256/);
  });
});
