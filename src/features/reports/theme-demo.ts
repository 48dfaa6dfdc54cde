/* Demoshire's success indicators on the OCWT theme pages they evidence (issue 16 point 5). */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

const LINKS: Record<string, number[]> = {
  'Turnover rate': [7],
  'Vacancy rate': [7],
  'Agency rate': [7],
  'Absence rate': [7],
  'Headcount in post': [7],
  'Staff attending multi-agency training': [4, 5],
  'New starters completing the common induction': [2, 5],
  'Apprentices in the children’s workforce': [7],
  'Staff gaining a qualification': [5],
  'Employee satisfaction': [1],
  'Induction rated good or better': [5],
  'Staff compliant with their training requirement': [5],
  'OCWT mean score': [1],
  'Practitioners trained in the common assessment': [4],
  'Partners submitting a complete workforce return': [6],
};

export async function loadThemeIndicatorDemo(db: Kysely<Database>, partnershipId: number): Promise<void> {
  const indicators = await db
    .selectFrom('plan_indicators')
    .select(['id', 'name'])
    .where('partnership_id', '=', partnershipId)
    .execute();
  const rows = indicators.flatMap((i) =>
    (LINKS[i.name] ?? []).map((theme) => ({ partnership_id: partnershipId, theme, indicator_id: i.id })),
  );
  if (rows.length) await db.insertInto('report_theme_indicators').values(rows).execute();
}
