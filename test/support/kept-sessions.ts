/*
 * Sessions signed in through the real form, kept per app, user and password for the rest of the
 * test process (test/support/browser.ts signInAs; docs/adr/0046). An app forgets its sessions when
 * it closes, so a later app on the same port never receives another database's cookies.
 */
import type { Cookie } from 'playwright-core';

export interface KeptSession {
  cookies: Cookie[];
  /** Where the form's sign-in landed. */
  landing: string;
}

const kept = new Map<string, KeptSession>();

const keyOf = (baseUrl: string, email: string, password: string) => JSON.stringify([baseUrl, email, password]);

export function keptSession(baseUrl: string, email: string, password: string): KeptSession | undefined {
  return kept.get(keyOf(baseUrl, email, password));
}

export function keepSession(baseUrl: string, email: string, password: string, session: KeptSession): void {
  kept.set(keyOf(baseUrl, email, password), session);
}

export function forgetSessions(baseUrl: string): void {
  for (const key of kept.keys()) if ((JSON.parse(key) as string[])[0] === baseUrl) kept.delete(key);
}
