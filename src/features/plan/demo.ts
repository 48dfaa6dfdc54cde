/*
 * Demoshire's strategy and action plan, worded after the seeds (Leicestershire's eight strategic
 * actions and action plan, Herefordshire's priorities per arc, Derbyshire's RAG-rated plan):
 * 8 priorities, one per OCWT theme, ranked by the theme's lowest cell in the demo's baseline
 * round; 2 SMART objectives each; 40 actions in every RAG state, with dated updates.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { addDays, todayInLondon } from '../../lib/dates.ts';
import { cycled } from '../../lib/lists.ts';
import { nowIso } from '../../lib/time.ts';
import { parsePositions, STAGE_NAMES, THEME_NAMES } from './plan-input.ts';

const PRIORITIES: Record<number, { title: string; objective: string; measure: string; target: string }> = {
  1: {
    title: 'A shared vision for everyone who works with children',
    objective: 'Every partner’s induction covers the trust’s vision for children and young people',
    measure: 'Partners whose induction covers the vision',
    target: 'All 9 partners',
  },
  2: {
    title: 'A common language: a children’s workforce glossary',
    objective: 'Publish and promote a glossary of the terms and acronyms used across the partnership',
    measure: 'Staff who say they understand the terms colleagues in other agencies use',
    target: '75% in the staff survey',
  },
  3: {
    title: 'Behaviours focused on positive outcomes',
    objective: 'Agree and promote a set of behaviours for the children’s workforce',
    measure: 'Partners who have adopted the agreed behaviours',
    target: 'All 9 partners',
  },
  4: {
    title: 'Integrated working: the common assessment and the lead professional',
    objective: 'Practitioners across the partnership use the common assessment framework',
    measure: 'Practitioners trained in the common assessment framework',
    target: '600 practitioners',
  },
  5: {
    title: 'A high quality, appropriately trained workforce',
    objective: 'Multi-agency training programme running in every locality',
    measure: 'Staff attending multi-agency training',
    target: '1,200 a year',
  },
  6: {
    title: 'Complementary roles and career pathways',
    objective: 'Publish career pathways for the children’s workforce',
    measure: 'Roles with a published career pathway',
    target: '20 roles',
  },
  7: {
    title: 'Capacity to deliver: recruitment, retention and workforce data',
    objective: 'Workforce data standards and collection in place across the partnership',
    measure: 'Partners submitting a complete workforce return',
    target: 'All 9 partners by the census date',
  },
  8: {
    title: 'Outcomes for children: evidence of impact',
    objective: 'Gather evidence for the One Children’s Workforce Tool re-assessment',
    measure: 'Respondents to the re-assessment',
    target: '300 respondents from every sector',
  },
};

const ACTIONS = [
  'Develop and implement a programme of multi-agency training for the children’s workforce',
  'Develop and implement workforce data standards and collection protocols across the partnership',
  'Develop and implement a common induction programme based on the Common Core of Skills and Knowledge',
  'Develop, agree and promote a set of behaviours for the children’s workforce',
  'Develop, agree and promote a children’s workforce glossary across the partnership',
  'Produce a plan to gather evidence for the One Children’s Workforce Tool re-assessment',
  'Develop and implement a communication and engagement strategy',
  'Train a pool of One Children’s Workforce facilitators to run focus groups',
  'Promote apprenticeships to young people and under-represented groups',
  'Support the voluntary and community sector’s workforce, including volunteers',
  'Embed safer recruitment procedures with every partner',
  'Publish career pathways for the children’s workforce',
];

const LEADS: [[string, string], ...[string, string][]] = [
  ['Workforce Development Manager', 'Demoshire County Council'],
  ['Head of Learning and Development', 'Demoshire Community Health NHS Trust'],
  ['Safeguarding Training Lead', 'Demoshire Police'],
  ['Voluntary Sector Workforce Officer', 'Demoshire Young Carers'],
];

interface DemoState {
  start: number;
  due: number;
  updates: [number, number][];
  override?: string;
}

/** Days from today for start and due, and the updates as [days from today, progress]. */
const STATES: [DemoState, ...DemoState[]] = [
  {
    start: -300,
    due: -30,
    updates: [
      [-200, 40],
      [-120, 80],
      [-40, 100],
    ],
  },
  {
    start: -90,
    due: 90,
    updates: [
      [-60, 25],
      [-14, 55],
    ],
  },
  {
    start: -120,
    due: 60,
    updates: [
      [-80, 30],
      [-20, 45],
    ],
  },
  {
    start: -200,
    due: -10,
    updates: [
      [-100, 50],
      [-30, 70],
    ],
  },
  { start: -150, due: 30, updates: [[-20, 30]] },
  { start: 30, due: 300, updates: [] },
  { start: -200, due: 200, updates: [[-70, 45]] },
  { start: -120, due: 60, updates: [[-10, 40]], override: 'green' },
];

/** The baseline round's lowest cell for each theme, lowest first. */
async function lowestCells(db: Kysely<Database>, partnershipId: number) {
  const rows = await db
    .selectFrom('assessment_answers')
    .innerJoin('assessment_rounds', 'assessment_rounds.id', 'assessment_answers.round_id')
    .select([
      'assessment_answers.theme',
      'assessment_answers.stage',
      sql<number>`avg(assessment_answers.score)`.as('mean'),
    ])
    .where('assessment_rounds.partnership_id', '=', partnershipId)
    .where('assessment_rounds.status', '=', 'closed')
    .where('assessment_answers.answer_kind', '=', 'score')
    .groupBy(['assessment_answers.theme', 'assessment_answers.stage'])
    .execute();
  const lowest = new Map<number, { stage: number; mean: number }>();
  for (const r of rows) {
    const [theme, stage, mean] = [Number(r.theme), Number(r.stage), Number(r.mean)];
    const seen = lowest.get(theme);
    if (!seen || mean < seen.mean) lowest.set(theme, { stage, mean });
  }
  return [1, 2, 3, 4, 5, 6, 7, 8]
    .map((theme) => ({ theme, ...(lowest.get(theme) ?? { stage: 1, mean: 5 }) }))
    .sort((a, b) => a.mean - b.mean || a.theme - b.theme);
}

export async function loadPlanDemo(db: Kysely<Database>, partnershipId: number, leadUserId: number): Promise<void> {
  const at = nowIso();
  const today = todayInLondon();
  const cells = await lowestCells(db, partnershipId);
  let actionIndex = 0;
  for (const [rank0, cell] of cells.entries()) {
    const words = PRIORITIES[cell.theme];
    if (!words) throw new Error(`No demo priority for theme ${cell.theme}`);
    const priority = await db
      .insertInto('plan_priorities')
      .values({
        partnership_id: partnershipId,
        rank: rank0 + 1,
        title: words.title,
        description: `${THEME_NAMES[cell.theme]}: the baseline’s lowest cell for this theme is “${STAGE_NAMES[cell.stage]}”, mean ${cell.mean.toFixed(1)}.`,
        themes: JSON.stringify([cell.theme]),
        source_assessment_priority_id: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const objective = await db
      .insertInto('plan_objectives')
      .values({
        partnership_id: partnershipId,
        priority_id: priority.id,
        what: words.objective,
        measure: words.measure,
        target: words.target,
        due_date: addDays(today, 120 + rank0 * 30),
        owner: 'Children’s Workforce Local Implementation Group',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let k = 0; k < 5; k++, actionIndex++) {
      await demoAction(db, {
        partnershipId,
        priorityId: priority.id,
        objectiveId: objective.id,
        theme: cell.theme,
        stage: cell.stage,
        index: actionIndex,
        leadUserId,
        at,
        today,
      });
    }
  }
  await linkDemoCourses(db, partnershipId);
}

/** Every other demo action commissions the first active course that addresses its theme (docs/adr/0035). */
async function linkDemoCourses(db: Kysely<Database>, partnershipId: number) {
  const [actions, courses] = await Promise.all([
    db.selectFrom('plan_actions').select(['id', 'themes']).where('partnership_id', '=', partnershipId).execute(),
    db
      .selectFrom('training_courses')
      .select(['id', 'themes'])
      .where('partnership_id', '=', partnershipId)
      .where('status', '=', 'active')
      .orderBy('id')
      .execute(),
  ]);
  const links = actions.flatMap((action, i) => {
    const theme = parsePositions(action.themes)[0];
    const course = courses.find((c) => courseThemes(c.themes).includes(theme ?? 0));
    return i % 2 === 0 && course ? [{ partnership_id: partnershipId, action_id: action.id, course_id: course.id }] : [];
  });
  if (links.length) await db.insertInto('plan_action_courses').values(links).execute();
}

function courseThemes(json: string): number[] {
  const list: unknown = JSON.parse(json);
  return Array.isArray(list) ? list.map(Number) : [];
}

async function demoAction(
  db: Kysely<Database>,
  a: {
    partnershipId: number;
    priorityId: number;
    objectiveId: number;
    theme: number;
    stage: number;
    index: number;
    leadUserId: number;
    at: string;
    today: string;
  },
) {
  const state = cycled(STATES, a.index);
  const [leadName, leadOrganisation] = cycled(LEADS, a.index);
  const byUser = a.index % 10 === 1;
  const last = state.updates.at(-1);
  const action = await db
    .insertInto('plan_actions')
    .values({
      partnership_id: a.partnershipId,
      priority_id: a.priorityId,
      objective_id: a.index % 2 === 0 ? a.objectiveId : null,
      title: `${ACTIONS[a.index % ACTIONS.length]} (${Math.floor(a.index / ACTIONS.length) + 1})`,
      themes: JSON.stringify([a.theme]),
      stages: JSON.stringify([a.stage, Math.min(8, a.stage + 1)]),
      outcomes: 'Improved multi-agency working; improved skills and knowledge of the workforce',
      success_criteria: 'Evidence in the next self-assessment round and the quarterly training report',
      lead_user_id: byUser ? a.leadUserId : null,
      lead_name: byUser ? 'Jordan Lee' : leadName,
      lead_organisation: byUser ? 'Little Acorns Nurseries Ltd' : leadOrganisation,
      start_date: addDays(a.today, state.start),
      due_date: addDays(a.today, state.due),
      cost_pence: (a.index % 4) * 250_000,
      funding_stream: a.index % 3 === 0 ? 'Pooled workforce development budget' : 'Partner officer time',
      progress: last ? last[1] : 0,
      last_update_on: last ? addDays(a.today, last[0]) : null,
      rag_override: state.override ?? null,
      rag_override_reason: state.override
        ? 'Extra trainers agreed at the steering group; expected to catch up by the due date'
        : null,
      created_at: a.at,
      updated_at: a.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [offset, progress] of state.updates) {
    await db
      .insertInto('plan_action_updates')
      .values({
        partnership_id: a.partnershipId,
        action_id: action.id,
        update_on: addDays(a.today, offset),
        progress,
        narrative:
          progress === 100
            ? 'Complete: reported to the Children’s Trust board.'
            : `Phased introduction under way; ${progress}% of the planned work done.`,
        author_user_id: null,
        author_label: 'Demo loader',
        created_at: a.at,
      })
      .execute();
  }
}
