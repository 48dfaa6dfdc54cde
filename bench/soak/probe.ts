/*
 * The contract between `npm run soak` (bench/soak/run.ts) and its probe modules.
 * Every file in bench/soak/probes/ exports `probe`; the runner calls it once per engine against a
 * running app (a demo partnership loaded, aimed only at 127.0.0.1) and prints the figures it returns.
 */
import type { DatabaseEngine } from '../../src/config.ts';

export interface ProbeContext {
  /** The app under test, e.g. http://127.0.0.1:41234 (never anything but 127.0.0.1). */
  baseUrl: string;
  engine: DatabaseEngine;
  /** The app's PostgreSQL database, when engine is postgres. */
  databaseUrl?: string;
  /** The app's SQLite file, when engine is sqlite. */
  sqliteFile?: string;
  /** The app's primary process (its workers are its children), for its CPU time. */
  appPid?: number;
  /** Prints one progress line under the probe's name. */
  log(message: string): void;
}

/** Figures to print, by name: counts, milliseconds, "pass"/"fail"… Keep each probe bounded in count and time. */
export type ProbeResult = Record<string, number | string>;

export type Probe = (ctx: ProbeContext) => Promise<ProbeResult>;
