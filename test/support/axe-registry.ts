/*
 * Which page kinds and states axe has already checked in this run, shared by every test process
 * through a directory that test/support/run-tests.ts creates (TEST_AXE_REGISTRY). A key is
 * claimed by creating its file, which only one process can do; without the directory the
 * registry lives in this process alone. TEST_AXE_EVERY_VISIT=1 checks every visit but still counts.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const claimedHere = new Set<string>();

function fileFor(dir: string, key: string): string {
  return join(dir, createHash('sha256').update(key).digest('hex').slice(0, 32));
}

/** True if this caller is the first to claim the key in this run (and so must run the check). */
export function claimAxeCheck(key: string): boolean {
  const dir = process.env.TEST_AXE_REGISTRY;
  const everyVisit = process.env.TEST_AXE_EVERY_VISIT === '1';
  if (!dir) {
    const first = !claimedHere.has(key);
    claimedHere.add(key);
    return first || everyVisit;
  }
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(fileFor(dir, key), key, { flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return everyVisit;
  }
}

/** True if the key was claimed earlier in this run, without claiming it. */
export function axeCheckClaimed(key: string): boolean {
  const dir = process.env.TEST_AXE_REGISTRY;
  return dir ? existsSync(fileFor(dir, key)) : claimedHere.has(key);
}

/** The distinct keys starting with `prefix` claimed in the run's registry directory. */
export function claimedKeys(dir: string, prefix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .filter((key) => key.startsWith(prefix))
    .sort();
}
