import session from 'express-session';
import type { Kysely } from 'kysely';
import type { Database, Partnership, User } from '../../db/schema.ts';

type Callback = (err?: unknown, data?: session.SessionData | null) => void;

// Extending a session's expiry on every request would write on every page view: do it at most once a minute.
const TOUCH_INTERVAL_MS = 60_000;
// Sessions whose last read this process remembers (the least recently read dropped past it).
const MAX_LOADED = 10_000;

/** What reading a session found beside its data: its stored expiry, its user's row and that user's partnership. */
interface Loaded {
  expiresAt: string;
  user: User | undefined;
  partnership?: Partnership | undefined;
}

/**
 * Sessions live in the database, so any number of app instances can share them. Reading one reads
 * its user and the user's partnership in the same statement (the auth middleware takes them with
 * `userOf` and `partnershipOf`), and each process
 * remembers what its latest read of a session found (and the expiry it wrote since), so that
 * `touch` at the end of a request needs no statement unless the expiry is more than a minute old.
 * Every request reads its session afresh: what is remembered is never older than that read.
 */
export class DatabaseSessionStore extends session.Store {
  private readonly db: Kysely<Database>;
  readonly #loaded = new Map<string, Loaded>();
  readonly #maxAgeMs: number;
  /** `maxAgeMs`: how long a session lasts after its last request. */
  constructor(db: Kysely<Database>, maxAgeMs: number) {
    super();
    this.db = db;
    this.#maxAgeMs = maxAgeMs;
  }

  override get(sid: string, callback: Callback): void {
    this.db
      .selectFrom('sessions')
      .leftJoin('users', 'users.id', 'sessions.user_id')
      .leftJoin('partnerships', 'partnerships.id', 'users.partnership_id')
      .select(['sessions.data', 'sessions.expires_at'])
      .selectAll('users')
      .select([
        'partnerships.id as p_id',
        'partnerships.name as p_name',
        'partnerships.local_authority_code as p_local_authority_code',
        'partnerships.created_at as p_created_at',
        'partnerships.slug as p_slug',
      ])
      .where('sessions.sid', '=', sid)
      .executeTakeFirst()
      .then((row) => {
        if (!row || row.expires_at <= new Date().toISOString()) {
          this.#loaded.delete(sid);
          return callback(null, null);
        }
        const { data, expires_at, p_id, p_name, p_local_authority_code, p_created_at, p_slug, ...user } = row;
        const partnership =
          p_id === null || p_name === null || p_created_at === null
            ? undefined
            : {
                id: p_id,
                name: p_name,
                local_authority_code: p_local_authority_code,
                created_at: p_created_at,
                slug: p_slug,
              };
        this.#remember(sid, {
          expiresAt: expires_at,
          user: user.id === null ? undefined : (user as User),
          partnership,
        });
        callback(null, JSON.parse(data) as session.SessionData);
      }, callback);
  }

  /** The partnership of the user read with this session, as `userOf` reads the user. */
  partnershipOf(sid: string): Partnership | undefined {
    return this.#loaded.get(sid)?.partnership;
  }

  /** The user row read with this session by its latest read in this process (this request's, or a later one). */
  userOf(sid: string): User | undefined {
    return this.#loaded.get(sid)?.user;
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    const expires = this.#expiry(data);
    const json = JSON.stringify(data);
    // Whose session it is, so that a password reset can end every session of that user.
    const userId = typeof data.userId === 'number' ? data.userId : null;
    this.db
      .insertInto('sessions')
      .values({ sid, data: json, expires_at: expires, user_id: userId })
      .onConflict((oc) => oc.column('sid').doUpdateSet({ data: json, expires_at: expires, user_id: userId }))
      .execute()
      .then(() => {
        const loaded = this.#loaded.get(sid);
        if (loaded) loaded.expiresAt = expires;
        return this.sweepSometimes();
      })
      .then(
        () => callback?.(),
        (err) => callback?.(err),
      );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.#loaded.delete(sid);
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
    const expires = this.#expiry(data);
    const threshold = new Date(Date.parse(expires) - TOUCH_INTERVAL_MS).toISOString();
    const loaded = this.#loaded.get(sid);
    if (loaded && loaded.expiresAt >= threshold) return callback?.();
    // Known to be older: write it. Not known (not read in this process): read first, since even an
    // UPDATE that changes no row takes SQLite's write lock, which other workers would wait for.
    const current = loaded
      ? Promise.resolve({ expires_at: loaded.expiresAt })
      : this.db.selectFrom('sessions').select('expires_at').where('sid', '=', sid).executeTakeFirst();
    current
      .then(async (row) => {
        if (!row || row.expires_at >= threshold) return;
        await this.db.updateTable('sessions').set({ expires_at: expires }).where('sid', '=', sid).execute();
        if (loaded) loaded.expiresAt = expires;
      })
      .then(
        () => callback?.(),
        () => callback?.(),
      );
  }

  #remember(sid: string, loaded: Loaded): void {
    this.#loaded.delete(sid);
    this.#loaded.set(sid, loaded);
    if (this.#loaded.size > MAX_LOADED) this.#loaded.delete(this.#loaded.keys().next().value!);
  }

  /** The cookie's expiry where it has one, else the idle limit from now. */
  #expiry(data: session.SessionData): string {
    const expires = data.cookie?.expires;
    return new Date(expires ? new Date(expires).getTime() : Date.now() + this.#maxAgeMs).toISOString();
  }

  private async sweepSometimes(): Promise<void> {
    if (Math.random() < 0.01)
      await this.db.deleteFrom('sessions').where('expires_at', '<', new Date().toISOString()).execute();
  }
}
