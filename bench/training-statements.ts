/*
 * The statements a rush of bookings sends (docs/adr/0045), counted in this process: 200 requests
 * at once over 20 sessions handed to the booking batcher of a tree (this one, or the BASELINE
 * snapshot's), on a connection opened with Kysely's query log. A text not seen before is one that
 * SQLite prepares again and PostgreSQL parses and plans again.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { systemActor } from '../src/auth/actor.ts';
import type { DatabaseEngine } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import type { Actor } from '../src/auth/actor.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import type { PractitionerRow } from '../src/features/training/repository.ts';
import type { TestDatabase } from '../test/support/databases.ts';

const ROOT = path.resolve(import.meta.dirname, '..');

// Both trees' batchers: before the batch found its people, a request carried its person.
type Batcher = (deps: {
  db: Kysely<Database>;
  engine: DatabaseEngine;
  baseUrl: string;
}) => (
  request: { actor: Actor; field: string; person: PractitionerRow; lookup: { id: number } },
  sessionId: number,
) => Promise<unknown>;

export interface Statements {
  sent: number;
  distinct: number;
}

/** Books `people` over `sessions` (person i on session i mod 20), all submitted at once. */
export async function countStatements(
  database: TestDatabase,
  engine: DatabaseEngine,
  people: number[],
  sessions: number[],
  root = ROOT,
): Promise<Statements> {
  const texts: string[] = [];
  const logged = openDatabase({
    engine,
    url: database.url,
    sqliteFile: database.sqliteFile,
    log: (event) => void texts.push(event.query.sql),
  });
  try {
    const batch: { bookingBatcher: Batcher } = await import(
      pathToFileURL(path.join(root, 'src/features/training/booking-batch.ts')).href
    );
    const book = batch.bookingBatcher({ db: logged.kysely, engine, baseUrl: 'http://localhost' });
    const actor = systemActor(database.demoPartnershipId, 'Statements bench');
    const rows = await database.db.kysely
      .selectFrom('training_practitioners')
      .selectAll()
      .where('id', 'in', people)
      .orderBy('id')
      .execute();
    await Promise.all(
      rows.map((person, i) =>
        book({ actor, person, lookup: { id: person.id }, field: 'practitioner' }, sessions[i % sessions.length]!),
      ),
    );
    return { sent: texts.length, distinct: new Set(texts).size };
  } finally {
    await logged.close();
  }
}
