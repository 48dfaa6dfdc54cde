import type { MigrationContext } from './helpers.ts';

/**
 * Each partnership gets a slug for its public pages (`/p/<slug>`, issue 16 point 4). Existing rows
 * are backfilled from their names with the same rule as `features/partnerships/slug.ts`, copied
 * here so that changing the feature never changes a past migration. Nullable: an archived demo
 * partnership gives its slug up.
 */
export async function up({ db }: MigrationContext): Promise<void> {
  await db.schema.alterTable('partnerships').addColumn('slug', 'text').execute();
  const rows: { id: number; name: string }[] = await db
    .selectFrom('partnerships')
    .select(['id', 'name'])
    .orderBy('id')
    .execute();
  const taken = new Set<string>();
  for (const row of rows) {
    const slug = freeSlug(slugOf(row.name), taken);
    taken.add(slug);
    await db.updateTable('partnerships').set({ slug }).where('id', '=', row.id).execute();
  }
  await db.schema.createIndex('partnerships_slug').on('partnerships').column('slug').unique().execute();
}

function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug === '' ? 'partnership' : slug;
}

function freeSlug(base: string, taken: Set<string>): string {
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}
