import type { Kysely } from 'kysely';
import type { ApiToken, Database } from '../../db/schema.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { type Actor, requireCapability } from '../../auth/actor.ts';
import { findUserById } from './repository.ts';
import { actorForUser } from './sign-in-service.ts';

export const TOKEN_PREFIX = 'ow_';

export type TokenSummary = Omit<ApiToken, 'token_hash'>;

/**
 * Revokes every live token of a user, as their account is deactivated (in its transaction): a
 * reactivated account starts with no working tokens. Returns how many were revoked.
 */
export async function revokeUserTokens(db: Kysely<Database>, userId: number, at: string): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export class TokenService {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async #mint(actor: Actor, userId: number, rawName: string): Promise<{ token: TokenSummary; secret: string }> {
    const name = rawName.trim();
    if (!name)
      throw new ValidationError({ name: 'Enter a name for the token, for example "HR system nightly upload"' });
    if (name.length > 80) throw new ValidationError({ name: 'Name must be 80 characters or fewer' });
    const secret = newSecret(TOKEN_PREFIX);
    return this.#db.transaction().execute(async (trx) => {
      const token = await trx
        .insertInto('api_tokens')
        .values({
          partnership_id: actor.partnershipId,
          user_id: userId,
          name,
          token_hash: hashSecret(secret),
          token_prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
          created_at: nowIso(),
          last_used_at: null,
          revoked_at: null,
        })
        .returning([
          'id',
          'partnership_id',
          'user_id',
          'name',
          'token_prefix',
          'created_at',
          'last_used_at',
          'revoked_at',
        ])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: 'create',
        entityType: 'api_token',
        entityId: token.id,
        summary: `Created API token "${name}" for user ${userId}`,
        after: token,
      });
      return { token, secret };
    });
  }

  listOwn(actor: Actor): Promise<TokenSummary[]> {
    requireCapability(actor, 'account:manage-own');
    return this.#db
      .selectFrom('api_tokens')
      .select(['id', 'partnership_id', 'user_id', 'name', 'token_prefix', 'created_at', 'last_used_at', 'revoked_at'])
      .where('user_id', '=', actor.userId ?? -1)
      .orderBy('id', 'desc')
      .execute();
  }

  /** The secret is returned once, here, and only its hash is kept. */
  createOwn(actor: Actor, name: string) {
    requireCapability(actor, 'account:manage-own');
    if (actor.userId === null) throw new ValidationError({ name: 'Only a user can own a token' });
    return this.#mint(actor, actor.userId, name);
  }

  /** For automation: an administrator (or the CLI) mints a token for a user of their partnership. */
  async createFor(actor: Actor, userId: number, name: string) {
    requireCapability(actor, 'users:manage');
    const user = await findUserById(this.#db, userId);
    if (!user || user.partnership_id !== actor.partnershipId) throw new NotFoundError('User');
    return this.#mint(actor, userId, name);
  }

  async revokeOwn(actor: Actor, tokenId: number): Promise<void> {
    requireCapability(actor, 'account:manage-own');
    await this.#db.transaction().execute(async (trx) => {
      const token = await trx
        .selectFrom('api_tokens')
        .select(['id', 'name', 'revoked_at'])
        .where('id', '=', tokenId)
        .where('user_id', '=', actor.userId ?? -1)
        .executeTakeFirst();
      if (!token) throw new NotFoundError('API token');
      if (token.revoked_at) return;
      const at = nowIso();
      await trx.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', tokenId).execute();
      await recordAudit(trx, actor, {
        action: 'update',
        entityType: 'api_token',
        entityId: tokenId,
        summary: `Revoked API token "${token.name}"`,
        before: { revoked_at: null },
        after: { revoked_at: at },
      });
    });
  }

  /** The actor an `Authorization: Bearer` token acts as, or null when it is unknown, revoked or its user inactive. */
  async authenticate(secret: string, ip: string | null): Promise<Actor | null> {
    if (!secret.startsWith(TOKEN_PREFIX)) return null;
    // The token and its user in one statement.
    const row = await this.#db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .selectAll('users')
      .select(['api_tokens.id as token_id', 'api_tokens.revoked_at', 'api_tokens.last_used_at'])
      .where('api_tokens.token_hash', '=', hashSecret(secret))
      .executeTakeFirst();
    if (!row || row.revoked_at) return null;
    const { token_id, revoked_at: _revoked, last_used_at, ...user } = row;
    const token = { id: token_id, last_used_at };
    if (user.status !== 'active') return null;
    const now = nowIso();
    // Record use at most once a minute, so busy integrations do not write on every call.
    if (!token.last_used_at || Date.parse(now) - Date.parse(token.last_used_at) > 60_000) {
      await this.#db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', token.id).execute();
    }
    return actorForUser(user, ip);
  }
}

export const createTokenService = (db: Kysely<Database>): TokenService => new TokenService(db);
