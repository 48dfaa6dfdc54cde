/*
 * Demoshire's 15 success indicators, after Herefordshire's (000): five live from the workforce
 * profile, two live from training (people trained, compliance) and eight entered by hand, each
 * with targets for this financial year and the last, and eight quarters of values for the
 * hand-entered ones.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { nowIso } from '../../lib/time.ts';
import { financialYear, quarterEnds } from './indicator-rules.ts';

/** [name, unit, polarity, source, baseline, target, first value, step per quarter] */
const INDICATORS: [string, string, 'higher' | 'lower', string, number, number, number, number][] = [
  ['Turnover rate', '%', 'lower', 'workforce.turnoverRate', 16, 14, 0, 0],
  ['Vacancy rate', '%', 'lower', 'workforce.vacancyRate', 12, 10, 0, 0],
  ['Agency rate', '%', 'lower', 'workforce.agencyRate', 9, 7, 0, 0],
  ['Absence rate', '%', 'lower', 'workforce.absenceRate', 4, 3.5, 0, 0],
  ['Headcount in post', 'people', 'higher', 'workforce.headcount', 1700, 1800, 0, 0],
  ['Staff attending multi-agency training', 'people', 'higher', 'training.peopleTrained', 200, 450, 0, 25],
  ['New starters completing the common induction', '%', 'higher', 'manual', 55, 90, 58, 4],
  ['Apprentices in the children’s workforce', 'people', 'higher', 'manual', 12, 25, 12, 1.5],
  ['Staff gaining a qualification', 'people', 'higher', 'manual', 40, 60, 38, 3],
  ['Employee satisfaction', '%', 'higher', 'manual', 62, 75, 61, 1],
  ['Induction rated good or better', '%', 'higher', 'manual', 70, 85, 71, 2],
  ['Staff compliant with their training requirement', '%', 'higher', 'training.compliance', 30, 60, 0, 5],
  ['OCWT mean score', 'score (1–5)', 'higher', 'manual', 2.9, 3.4, 2.9, 0.05],
  ['Practitioners trained in the common assessment', 'people', 'higher', 'manual', 250, 600, 260, 35],
  ['Partners submitting a complete workforce return', 'partners', 'higher', 'manual', 5, 9, 5, 0.5],
];

export async function loadIndicatorDemo(db: Kysely<Database>, partnershipId: number): Promise<void> {
  const at = nowIso();
  const quarters = quarterEnds(todayInLondon(), 8);
  const thisYear = financialYear(quarters.at(-1) ?? todayInLondon());
  for (const [name, unit, polarity, source, baseline, target, first, step] of INDICATORS) {
    const { id } = await db
      .insertInto('plan_indicators')
      .values({
        partnership_id: partnershipId,
        name,
        definition:
          source === 'manual'
            ? `${name}, counted by the workforce development group each quarter`
            : source.startsWith('training.')
              ? `${name}, worked out from the training records at each quarter end`
              : `${name} at the latest census date, as the workforce profile defines it`,
        unit,
        polarity,
        baseline,
        source,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const year of [thisYear - 2, thisYear - 1, thisYear])
      await db
        .insertInto('plan_indicator_targets')
        .values({
          partnership_id: partnershipId,
          indicator_id: id,
          year,
          target: polarity === 'higher' ? target - (thisYear - year) * step * 2 : target,
        })
        .execute();
    if (source !== 'manual') continue;
    await db
      .insertInto('plan_indicator_values')
      .values(
        quarters.map((quarter, i) => ({
          partnership_id: partnershipId,
          indicator_id: id,
          quarter_end: quarter,
          value: Math.round((first + step * i + (i % 3 === 2 ? -step : 0)) * 100) / 100,
          signed_off_at: null,
          signed_off_by: null,
        })),
      )
      .execute();
  }
}
