/*
 * The demo partnership's training compliance (issue 14, points 8 and 12): requirements for the
 * roles that work most with children, and single-agency and e-learning records spread over the
 * last four years, so that the matrix shows compliant, due and lapsed people in every
 * organisation. Seeded, so every load is the same.
 */
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { TrainingRecordTable } from '../../db/training-compliance-schema.ts';
import { addDays } from '../../lib/dates.ts';
import { addMonths } from './compliance-rules.ts';
import { pickOne, seeded } from './demo.ts';

type Db = Kysely<Database>;

/** Job role, level, hours, months. */
export const DEMO_REQUIREMENTS: [string, string, number, number][] = [
  ['childrens_social_worker', 'level_3', 6, 36],
  ['social_work_manager', 'level_3', 6, 36],
  ['family_support_worker', 'level_2', 6, 36],
  ['health_visitor', 'level_3', 6, 36],
  ['school_nurse', 'level_3', 6, 36],
  ['camhs_practitioner', 'level_3', 6, 36],
  ['headteacher', 'level_3', 6, 24],
  ['teacher', 'level_2', 3, 36],
  ['teaching_assistant', 'level_1', 2, 36],
  ['early_years_practitioner', 'level_2', 3, 36],
  ['youth_worker', 'level_2', 3, 36],
  ['police_officer_child_protection', 'level_3', 6, 36],
];

const COURSES: [string, string, number][] = [
  ['Safeguarding essentials (e-learning)', 'level_1', 2],
  ['Safeguarding children Level 2 (e-learning)', 'level_2', 3],
  ['In-house safeguarding update', 'level_2', 1.5],
  ['Designated safeguarding lead training', 'level_3', 6],
  ['Level 3 safeguarding refresher (single agency)', 'level_3', 3],
];

/** The demo's requirements as rows (the benchmark uses the same). */
export const requirementRows = (partnershipId: number, at: string) =>
  DEMO_REQUIREMENTS.map(([job_role, level, hours, period_months]) => ({
    partnership_id: partnershipId,
    job_role,
    level,
    minutes: hours * 60,
    period_months,
    created_at: at,
    updated_at: at,
  }));

export async function loadComplianceDemo(trx: Db, partnershipId: number, now = new Date()): Promise<void> {
  const at = now.toISOString();
  const today = at.slice(0, 10);
  await trx.insertInto('training_requirements').values(requirementRows(partnershipId, at)).execute();
  const people = await trx
    .selectFrom('training_practitioners')
    .select(['id', 'organisation_id', 'job_role'])
    .where('partnership_id', '=', partnershipId)
    .where(
      'job_role',
      'in',
      DEMO_REQUIREMENTS.map((r) => r[0]),
    )
    .orderBy('id')
    .execute();
  const random = seeded(808);
  const rows: Insertable<TrainingRecordTable>[] = [];
  for (const person of people) {
    const count = Math.floor(random() * 4);
    const used = new Set<string>();
    const requirement = DEMO_REQUIREMENTS.find((r) => r[0] === person.job_role);
    if (!requirement) continue; // only people in these roles are selected
    const [, required, needHours, months] = requirement;
    // About one in five did their training nearly a full period ago: they lapse within 90 days.
    const nearlyDue = random() < 0.2;
    for (let i = 0; i < count + (nearlyDue ? 1 : 0); i++) {
      const due = nearlyDue && i === count;
      const [course, level, hours] = due
        ? [`${required.replace('level_', 'Level ')} safeguarding (e-learning)`, required, needHours]
        : pickOne(COURSES, random);
      const on = due
        ? addDays(addMonths(today, -months), 1 + Math.floor(random() * 85))
        : addDays(today, -1 - Math.floor(random() * 4 * 365));
      if (used.has(`${course}|${on}`)) continue;
      used.add(`${course}|${on}`);
      rows.push({
        partnership_id: partnershipId,
        practitioner_id: person.id,
        organisation_id: person.organisation_id,
        source: course.includes('e-learning') ? 'elearning' : 'single_agency',
        course,
        completed_on: on,
        minutes: hours * 60,
        level,
        import_id: null,
        recorded_by: null,
        created_at: at,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto('training_records')
      .values(rows.slice(i, i + 200))
      .execute();
}
