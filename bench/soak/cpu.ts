/*
 * CPU used by the app under soak (the `serve` primary and its cluster workers) and, on PostgreSQL,
 * by the database server (the postmaster and its backends), read from /proc (Linux). On a shared
 * machine the latencies say how busy the machine was; CPU time per request says what the app costs.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Stat {
  pid: number;
  ppid: number;
  ticks: number;
  /** CPU of its children that have exited and been waited for (PostgreSQL's closed backends). */
  childTicks: number;
}

function stat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: state, ppid, …
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      ppid: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
      childTicks: Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return undefined; // gone, or not Linux
  }
}

const pids = (): number[] =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);

/** CPU milliseconds used so far by a process and its children, exited ones included (user and system). */
export function treeCpuMs(root: number | undefined): number {
  if (root === undefined) return 0;
  let ticks = 0;
  for (const pid of pids()) {
    const found = stat(pid);
    if (found?.pid === root) ticks += found.ticks + found.childTicks;
    else if (found?.ppid === root) ticks += found.ticks;
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** The PostgreSQL postmaster listening on the port of a postgres:// address, if it runs here. */
export function postmasterPid(databaseUrl: string | undefined): number | undefined {
  if (!databaseUrl) return undefined;
  const port = new URL(databaseUrl).port;
  for (const pid of pids()) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const at = args.indexOf('-p');
    if (args[0]?.endsWith('/postgres') && at > 0 && args[at + 1] === port) return pid;
  }
  return undefined;
}
