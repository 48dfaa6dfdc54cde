/** Temporary files of uploads: named by process, cleaned at start-up (docs/adr/0017). */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A new temporary directory whose name carries this process's id ("ow-upload-<pid>-…"), so that
 * cleanTempFiles can tell a dead process's leftovers from a live one's.
 */
export const makeTempDir = (kind: 'upload' | 'api'): Promise<string> =>
  mkdtemp(join(tmpdir(), `ow-${kind}-${process.pid}-`));

const TEMP_NAME = /^(?:ow-(?:upload|api)-(\d+)-|tmp-(\d+)-)/;

/** Whether a process with this id is running (EPERM: it is, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * At start-up: removes the temporary upload files (ours, and exceljs's "tmp-<pid>-…") of processes
 * that are no longer running, e.g. a server killed mid-import. A live process's files are left
 * alone, so a restarting worker never takes a file from under another. The number removed.
 */
export async function cleanTempFiles(dir = tmpdir()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const match = TEMP_NAME.exec(name);
    if (!match) continue;
    const pid = Number(match[1] ?? match[2]);
    if (pid === process.pid || processAlive(pid)) continue;
    await rm(join(dir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}
