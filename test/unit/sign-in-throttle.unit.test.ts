import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import {
  accountLockedUntil,
  lockedUntil,
  lockEnd,
  type Attempt,
} from '../../src/features/accounts/sign-in-throttle.ts';
import { listenConfig } from '../../src/web/cluster.ts';

const rules = { maxFailures: 3, maxLockMinutes: 15 };
const T0 = Date.parse('2026-12-07T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const fail = (ip: string, minutes: number): Attempt => ({ ip, at: at(minutes), succeeded: false });
const ok = (ip: string, minutes: number): Attempt => ({ ip, at: at(minutes), succeeded: true });

describe('sign-in throttle rules', () => {
  it('locks after the limit for 1 minute, doubling with each further failure up to the longest lock', () => {
    const failures = (n: number) => Array.from({ length: n }, (_, i) => fail('a', i));
    assert.equal(lockEnd(failures(2), 3, rules), null);
    assert.equal(lockEnd(failures(3), 3, rules), T0 + 2 * 60_000 + 60_000);
    assert.equal(lockEnd(failures(4), 3, rules), T0 + 3 * 60_000 + 2 * 60_000);
    assert.equal(lockEnd(failures(6), 3, rules), T0 + 5 * 60_000 + 8 * 60_000);
    assert.equal(lockEnd(failures(9), 3, rules), T0 + 8 * 60_000 + 15 * 60_000);
  });

  it('starts counting again after a success', () => {
    assert.equal(lockEnd([fail('a', 0), fail('a', 1), ok('a', 2), fail('a', 3)], 3, rules), null);
  });

  it('locks the stranger’s address, not the owner’s', () => {
    const account = [fail('stranger', 0), fail('stranger', 1), fail('stranger', 2)];
    const now = T0 + 2.5 * 60_000;
    const input = { account, address: account, knownAddress: false };
    assert.equal(lockedUntil({ ...input, ip: 'stranger' }, rules, now), T0 + 3 * 60_000);
    assert.equal(lockedUntil({ ...input, ip: 'owner', address: [] }, rules, now), null);
  });

  it('locks the account from new addresses after 4× the limit from many, but not from a known one', () => {
    const account = Array.from({ length: 12 }, (_, i) => fail(`x${i}`, i / 10));
    const now = T0 + 60_000;
    assert.ok((lockedUntil({ account, address: [], ip: 'new', knownAddress: false }, rules, now) ?? 0) > now);
    assert.equal(lockedUntil({ account, address: [], ip: 'home', knownAddress: true }, rules, now), null);
    assert.ok((accountLockedUntil(account, rules, now) ?? 0) > now);
  });

  it('locks an address that fails at 4× the limit across accounts', () => {
    const address = Array.from({ length: 12 }, (_, i) => fail('spray', i / 10));
    const now = T0 + 60_000;
    assert.ok((lockedUntil({ account: [], address, ip: 'spray', knownAddress: false }, rules, now) ?? 0) > now);
    assert.equal(
      lockedUntil({ account: [], address: address.slice(1), ip: 'spray', knownAddress: false }, rules, now),
      null,
    );
  });
});

describe('demo listening address', () => {
  it('listens on 127.0.0.1 in demo mode unless HOST is set', () => {
    assert.equal(listenConfig(loadConfig({}), true).host, '127.0.0.1');
    assert.equal(listenConfig(loadConfig({}), false).host, '0.0.0.0');
    assert.equal(listenConfig(loadConfig({ HOST: '0.0.0.0' }), true).host, '0.0.0.0');
  });
});
