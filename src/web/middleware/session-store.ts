import session from 'express-session';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Callback = (err?: unknown, data?: session.SessionData | null) => void;

// Extending a session's expiry on every request would write on every page view: do it at most once a minute.
const TOUCH_INTERVAL_MS = 60_000;

/** Sessions live in the database, so any number of app instances can share them. */
export class DatabaseSessionStore extends session.Store {
  private readonly db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    super();
    this.db = db;
  }

  override get(sid: string, callback: Callback): void {
    this.db
      .selectFrom('sessions')
      .select(['data', 'expires_at'])
      .where('sid', '=', sid)
      .executeTakeFirst()
      .then(
        (row) => callback(null, row && row.expires_at > new Date().toISOString() ? JSON.parse(row.data) : null),
        callback,
      );
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    const expires = expiry(data);
    const json = JSON.stringify(data);
    // Whose session it is, so that a password reset can end every session of that user.
    const userId = typeof data.userId === 'number' ? data.userId : null;
    this.db
      .insertInto('sessions')
      .values({ sid, data: json, expires_at: expires, user_id: userId })
      .onConflict((oc) => oc.column('sid').doUpdateSet({ data: json, expires_at: expires, user_id: userId }))
      .execute()
      .then(() => this.sweepSometimes())
      .then(
        () => callback?.(),
        (err) => callback?.(err),
      );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.db
      .deleteFrom('sessions')
      .where('sid', '=', sid)
      .execute()
      .then(
        () => callback?.(),
        (err) => callback?.(err),
      );
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    const expires = expiry(data);
    const threshold = new Date(Date.parse(expires) - TOUCH_INTERVAL_MS).toISOString();
    // Read first: even an UPDATE that changes no row takes SQLite's write lock, which other worker
    // processes would then wait for on every page view.
    this.db
      .selectFrom('sessions')
      .select('expires_at')
      .where('sid', '=', sid)
      .executeTakeFirst()
      .then((row) =>
        row && row.expires_at < threshold
          ? this.db.updateTable('sessions').set({ expires_at: expires }).where('sid', '=', sid).execute()
          : undefined,
      )
      .then(
        () => callback?.(),
        () => callback?.(),
      );
  }

  private async sweepSometimes(): Promise<void> {
    if (Math.random() < 0.01)
      await this.db.deleteFrom('sessions').where('expires_at', '<', new Date().toISOString()).execute();
  }
}

function expiry(data: session.SessionData): string {
  const expires = data.cookie?.expires;
  return expires ? new Date(expires).toISOString() : new Date(Date.now() + 86_400_000).toISOString();
}
