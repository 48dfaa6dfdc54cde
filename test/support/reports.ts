import type { TestApp } from './app.ts';

/** The demo partnership's public address segment (`/p/<slug>`). */
export async function demoSlug(app: TestApp): Promise<string> {
  const row = await app.db.kysely
    .selectFrom('partnerships')
    .select('slug')
    .where('id', '=', app.demoPartnershipId)
    .executeTakeFirstOrThrow();
  if (!row.slug) throw new Error('The demo partnership has no slug');
  return row.slug;
}
