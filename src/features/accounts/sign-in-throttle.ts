/**
 * Sign-in throttling rules (docs/adr/0014), pure: what is locked, and until when, from the recent
 * attempts. Three counters, each with a lock that doubles with every further failure:
 * - an account from one address: a stranger's failures lock out only the stranger's address;
 * - an account from every address together (4× the limit), which spares addresses the account has
 *   signed in from before, so a stranger cannot keep a named person out;
 * - an address across every account (4× the limit), against password spraying.
 * Counting restarts after a success on the same counter, and after an administrator's unlock.
 */

export interface Attempt {
  ip: string;
  /** ISO time. */
  at: string;
  succeeded: boolean;
}

export interface ThrottleRules {
  /** Failures before the first lock (SIGN_IN_MAX_FAILURES). */
  maxFailures: number;
  /** The longest single lock, in minutes (SIGN_IN_WINDOW_MINUTES). */
  maxLockMinutes: number;
}

/** How far back attempts count at all. */
export const LOOKBACK_MS = 24 * 60 * 60_000;
export const ACCOUNT_FACTOR = 4;
export const ADDRESS_FACTOR = 4;

/** Failures after the last success, oldest first. */
function failuresSinceSuccess(attempts: Attempt[]): Attempt[] {
  const sorted = [...attempts].sort((a, b) => a.at.localeCompare(b.at));
  const lastSuccess = sorted.findLastIndex((a) => a.succeeded);
  return sorted.slice(lastSuccess + 1);
}

/** The end of the lock (ms), or null: 1 minute at `threshold` failures, doubling with each one more. */
export function lockEnd(attempts: Attempt[], threshold: number, rules: ThrottleRules): number | null {
  const failures = failuresSinceSuccess(attempts);
  const last = failures.at(-1);
  if (!last || failures.length < threshold) return null;
  const minutes = Math.min(2 ** (failures.length - threshold), Math.max(1, rules.maxLockMinutes));
  return Date.parse(last.at) + minutes * 60_000;
}

export interface ThrottleInput {
  /** Recent attempts at this account, from every address (since the lookback and any unlock). */
  account: Attempt[];
  /** Recent attempts from this address, at every account. */
  address: Attempt[];
  ip: string;
  /** The account has signed in from this address before. */
  knownAddress: boolean;
}

/** When this address may next try this account (ms), or null when it may now. */
export function lockedUntil(input: ThrottleInput, rules: ThrottleRules, now = Date.now()): number | null {
  const ends = [
    lockEnd(
      input.account.filter((a) => a.ip === input.ip),
      rules.maxFailures,
      rules,
    ),
    input.knownAddress ? null : lockEnd(input.account, rules.maxFailures * ACCOUNT_FACTOR, rules),
    lockEnd(input.address, rules.maxFailures * ADDRESS_FACTOR, rules),
  ].filter((end): end is number => end !== null && end > now);
  return ends.length ? Math.max(...ends) : null;
}

/** For the users page: the latest lock on an account from any address, or null. */
export function accountLockedUntil(account: Attempt[], rules: ThrottleRules, now = Date.now()): number | null {
  const ends = [lockEnd(account, rules.maxFailures * ACCOUNT_FACTOR, rules)];
  for (const ip of new Set(account.map((a) => a.ip)))
    ends.push(
      lockEnd(
        account.filter((a) => a.ip === ip),
        rules.maxFailures,
        rules,
      ),
    );
  const future = ends.filter((end): end is number => end !== null && end > now);
  return future.length ? Math.max(...future) : null;
}
