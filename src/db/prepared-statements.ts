/*
 * PostgreSQL named prepared statements for Kysely's pg clients (docs/adr/0041). Kysely sends every
 * query unnamed, so the server parses and plans each one again. A query text seen a second time on
 * a connection is sent as `{ name, text, values }` from then on: the server parses it once per
 * connection and may keep its plan. Only SELECT, INSERT, UPDATE, DELETE and WITH texts are named,
 * never DDL; a migration's statements run once, so they are never named either.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** How many distinct statements one connection prepares at most; texts past it are sent unnamed. */
export const PREPARED_STATEMENTS_PER_CONNECTION = 256;

const PREPARABLE = /^\s*\(?\s*(select|insert|update|delete|with)\b/i;
// A column added to or dropped from a table behind a prepared `select *` (a migration while serving).
const CHANGED_RESULT_TYPE = /cached plan must not change result type/;

/** The statements one connection has named, and the texts it has seen once. */
export class ConnectionStatements {
  readonly #names = new Map<string, string>();
  readonly #seenOnce = new Set<string>();
  readonly #cap: number;
  // Names ever prepared on this connection, dropped ones included: the cap holds on the server.
  #prepared = 0;

  constructor(cap = PREPARED_STATEMENTS_PER_CONNECTION) {
    this.#cap = cap;
  }

  get prepared(): number {
    return this.#prepared;
  }

  /** The name to send `text` under, or undefined to send it unnamed. */
  nameFor(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined) return known;
    if (this.#prepared >= this.#cap || !PREPARABLE.test(text)) return undefined;
    if (!this.#seenOnce.has(text)) {
      // Texts seen once are bounded too: a stream of one-off texts must not grow the set for ever.
      if (this.#seenOnce.size >= this.#cap * 4) this.#seenOnce.clear();
      this.#seenOnce.add(text);
      return undefined;
    }
    this.#seenOnce.delete(text);
    // The count keeps a name unique when a dropped statement's text comes back.
    const name = `ow_${createHash('sha256').update(text).digest('hex').slice(0, 24)}_${this.#prepared}`;
    this.#prepared += 1;
    this.#names.set(text, name);
    return name;
  }

  forget(text: string): void {
    this.#names.delete(text);
  }
}

type Query = (...args: unknown[]) => Promise<pg.QueryResult>;

/** Makes `client.query(text, values)` (Kysely's call) use named statements for repeated texts. */
export function prepareRepeatedQueries(client: pg.PoolClient, cap?: number): ConnectionStatements {
  const statements = new ConnectionStatements(cap);
  const query = client.query.bind(client) as Query;
  const named = async (text: string, values: unknown[]) => {
    const name = statements.nameFor(text);
    if (name === undefined) return query(text, values);
    try {
      return await query({ name, text, values });
    } catch (err) {
      // Inside a transaction the error has aborted it: the caller sees it, the next use re-prepares.
      if (!(err instanceof Error && CHANGED_RESULT_TYPE.test(err.message))) throw err;
      statements.forget(text);
      if (client.getTransactionStatus() !== 'I') throw err;
      await query(`deallocate "${name}"`);
      return query(text, values);
    }
  };
  Object.assign(client, {
    query: (...args: unknown[]) =>
      args.length === 2 && typeof args[0] === 'string' && Array.isArray(args[1])
        ? named(args[0], args[1] as unknown[])
        : query(...args),
  });
  return statements;
}
