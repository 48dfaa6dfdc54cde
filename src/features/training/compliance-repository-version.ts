/*
 * The data version of the training compliance matrix (docs/adr/0037): one cheap statement over
 * every input of the matrix, whose value changes whenever any of them does, so a matrix worked
 * out before can be served again while it is the same. Records are written once and only ever
 * added or erased (their count and largest id); a booking counts only while attended (the count,
 * sum and sum of squares of those bookings' ids change with any booking that enters or leaves
 * that status); people, requirements, sessions and courses keep their `updated_at`; a workforce
 * return's status changes without it (the sum of the current ones' ids).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

// Squares of ids reduced first, so that the sum stays within 64 bits (and 32 before the cast).
const squared = sql`cast(id % 65521 as bigint) * (id % 65521)`;

export async function complianceDataVersion(db: Kysely<Database>, partnershipId: number): Promise<string> {
  const ofPartnership = (table: string) => sql`from ${sql.table(table)} where partnership_id = ${partnershipId}`;
  const changed = (table: string) =>
    sql`(select count(*) as ${sql.ref(`${table}_n`)}, max(updated_at) as ${sql.ref(`${table}_at`)} ${ofPartnership(table)})`;
  // Each table read once: a derived table of its aggregates (one row), joined to the others'.
  const parts = [
    sql`(select count(*) as records, max(id) as last_record from training_records)`,
    sql`(select count(*) as attended, sum(id) as attended_ids, sum(${squared}) as attended_squares
         from training_bookings where status = 'attended')`,
    ...['training_practitioners', 'training_requirements', 'training_sessions', 'training_courses'].map(changed),
    sql`(select count(*) as returns, max(id) as last_return, sum(case when status = 'current' then id else 0 end) as current_returns
         ${ofPartnership('workforce_returns')})`,
  ];
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.join(
    parts.map((part, i) => sql`${part} as ${sql.ref(`t${i}`)}`),
  )}`.execute(db);
  return Object.values(rows[0] ?? {})
    .map((v) => String(v ?? ''))
    .join('/');
}
