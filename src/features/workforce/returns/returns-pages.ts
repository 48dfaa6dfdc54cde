/**
 * Keyset-paged reads for downloads (docs/adr/0017): a page of rows at a time by id, so a download
 * of any size holds one page in memory, on both engines, without a server-side cursor.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { WORKER_COLUMNS } from './record-columns.ts';

const PAGE = 2000;

/** Pages of `read(after, PAGE)` (rows with id > after, in id order) until a short page. */
async function* keyset<T extends { id: number }>(read: (after: number, limit: number) => Promise<T[]>) {
  for (let after = 0; ;) {
    const page = await read(after, PAGE);
    if (page.length) yield page;
    if (page.length < PAGE) return;
    after = page[page.length - 1].id;
  }
}

/** An upload's stored problems in the order they were found. */
export function problemPages(db: Kysely<Database>, partnershipId: number, uploadId: number) {
  return keyset((after, limit) =>
    db
      .selectFrom('upload_problems')
      .select(['id', 'severity', 'kind', 'row_number', 'column_name', 'value', 'message', 'sheet'])
      .where('partnership_id', '=', partnershipId)
      .where('upload_id', '=', uploadId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(limit)
      .execute(),
  );
}

/** The current return's worker records for an organisation and census date, in the standard's columns. */
export async function* currentWorkerPages(
  db: Kysely<Database>,
  partnershipId: number,
  organisationId: number,
  censusDate: string,
) {
  const current = await db
    .selectFrom('workforce_returns')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('organisation_id', '=', organisationId)
    .where('census_date', '=', censusDate)
    .where('status', '=', 'current')
    .executeTakeFirst();
  if (!current) return;
  yield* keyset((after, limit) =>
    db
      .selectFrom('worker_records')
      .select(['id', ...WORKER_COLUMNS])
      .where('return_id', '=', current.id)
      .where('id', '>', after)
      .orderBy('id')
      .limit(limit)
      .execute(),
  );
}
