/*
 * Demoshire's Children's Workforce Strategy 2026–29, written to CWDC's framework in the seeds'
 * words and shape (Herefordshire's priorities and indicators, Leicestershire's use of the OCWT,
 * Richmond's challenges, Derbyshire's governance): version 1 approved by the trust board and
 * published, its figures frozen from the demo's own data; version 2 a draft whose figures are live.
 * Both versions answer the toolkit checklist.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { addDays, todayInLondon } from '../../lib/dates.ts';
import { nowIso } from '../../lib/time.ts';
import { createAssessmentResultsService } from '../assessment/results-service.ts';
import { createActionsService } from '../plan/actions-service.ts';
import { createGlossaryService } from '../plan/glossary-service.ts';
import { createIndicatorsService } from '../plan/indicators-service.ts';
import { createPrioritiesService } from '../plan/priorities-service.ts';
import { createRisksService } from '../plan/risks-service.ts';
import { createProfileService } from '../workforce/profile/profile-service.ts';
import { CHECKLIST } from './checklist.ts';
import { workOutAppendices } from './document-appendices.ts';
import { currentFigures } from './figures.ts';
import { insertVersion } from './repository.ts';

const SECTION_TEXT: Record<string, string> = {
  vision:
    'A children’s workforce in Demoshire that is competent and confident, that people aspire to be part of and want to remain in, and that parents, carers, children and young people trust and respect.\n\nWe will work as **one children’s workforce**: shared identity and values, common language, and practitioners who know each other’s roles.',
  scope:
    'Everyone who works or volunteers with children, young people and their families in Demoshire:\n\n- the **core workforce**, who work with children all the time (social workers, teachers, early years practitioners, health visitors);\n- the **wider workforce**, who work with children part of the time (police, housing, adult services);\n- paid and unpaid, in the statutory, maintained and private, voluntary and independent sectors.',
  'current-position':
    'Our self-assessment against the One Children’s Workforce Tool ({{ assessment.round }}) gave an overall mean of **{{ assessment.overallMean }}** out of 5.\n\nThe cells that scored lowest were: {{ assessment.lowestCells }}.\n\nTheme by theme: {{ assessment.themeMeans }}.',
  'workforce-data':
    'At the census date of {{ workforce.censusDate }}, partners’ returns counted **{{ workforce.headcount }}** employees in post ({{ workforce.fteInPost }} FTE).\n\n| Measure | Demoshire |\n|---|---|\n| Turnover rate | {{ workforce.turnoverRate }} |\n| Vacancy rate | {{ workforce.vacancyRate }} |\n| Agency rate | {{ workforce.agencyRate }} |\n| Qualified at level 3 or above | {{ workforce.level3PlusPercent }} |\n\nGaps in the data: not every private and voluntary provider sends a return yet, and volunteers are counted by few partners.',
  'views-and-needs':
    'Children and young people told the Youth Council that they want to see the same worker, to be listened to, and not to repeat their story. Parents and carers asked for workers who explain what happens next.',
  objectives:
    'Each priority has SMART objectives — specific, measurable, achievable, realistic and timed — set out in the [action plan](/plan/actions).',
  priorities:
    'The plan has **{{ plan.priorityCount }}** priorities for this year, tied to the self-assessment’s lowest cells: integrated working practices, a high quality workforce, and capacity to deliver and keep children safe.',
  pilots:
    'A joint induction for new starters in the council, health and the voluntary sector, piloted in the north locality before it is offered across the county.',
  'managing-change':
    'The workforce steering group leads the change and reports quarterly to the Children’s Trust board. Each partner names a workforce lead.',
  actions: 'The action plan’s actions today: {{ plan.actionsByRag }}.',
  risks:
    'The main risks are the loss of experienced social workers, funding that ends before the work does, and partners’ capacity to release staff for training. The [risk register](/plan/risks) holds each with its contingency.',
  resources:
    'Partners put part of their workforce development budgets into a pooled budget for joint training and recruitment; the [funding page](/plan/funding) shows each stream and its balance.',
  evaluation:
    'Progress is reported quarterly to the board with the success indicators, and the strategy is reviewed each year against the self-assessment and the workforce profile.',
};

/** Yes for most, partly or no where the demo’s strategy is honest that it falls short. */
const ANSWER_FOR: Record<string, 'partly' | 'no'> = {
  volunteers: 'partly',
  'trade-unions': 'partly',
  regional: 'no',
  'local-area-agreements': 'no',
};

async function addVersion(
  db: Kysely<Database>,
  partnershipId: number,
  strategyId: number,
  number: number,
  approval: { groupId: number; on: string; frozen: string; appendices: string; publishedAt: string } | null,
) {
  const id = await insertVersion(db, partnershipId, strategyId, number, approval ?? undefined);
  await db
    .insertInto('strategy_sections')
    .values(
      Object.entries(SECTION_TEXT).map(([section, body]) => ({
        partnership_id: partnershipId,
        version_id: id,
        section,
        body,
      })),
    )
    .execute();
  await db
    .insertInto('strategy_checklist')
    .values(
      CHECKLIST.map((q) => ({
        partnership_id: partnershipId,
        version_id: id,
        question: q.key,
        answer: ANSWER_FOR[q.key] ?? 'yes',
        evidence: ANSWER_FOR[q.key]
          ? 'Not yet: an action in the plan covers it.'
          : 'Covered in the strategy and its action plan.',
        links: '',
      })),
    )
    .execute();
}

export async function loadStrategyDemo(db: Kysely<Database>, partnershipId: number): Promise<void> {
  const settings = { suppressionThreshold: 5, profileCache: false };
  const profile = createProfileService(db, settings);
  const actions = createActionsService(db);
  const priorities = createPrioritiesService(db);
  const frozen = await currentFigures(
    { profile, results: createAssessmentResultsService(db, settings.suppressionThreshold), actions, priorities },
    partnershipId,
  );
  const appendices = await workOutAppendices(
    db,
    {
      priorities,
      actions,
      risks: createRisksService(db),
      indicators: createIndicatorsService(db, profile, settings.suppressionThreshold),
      glossary: createGlossaryService(db),
      threshold: settings.suppressionThreshold,
    },
    partnershipId,
  );
  const board = await db
    .selectFrom('gov_groups')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('kind', '=', 'board')
    .executeTakeFirstOrThrow();
  const at = nowIso();
  const { id } = await db
    .insertInto('strategies')
    .values({
      partnership_id: partnershipId,
      title: 'Children’s Workforce Strategy',
      start_year: 2026,
      end_year: 2029,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const approval = {
    groupId: board.id,
    on: addDays(todayInLondon(), -60),
    frozen: JSON.stringify(frozen),
    appendices: JSON.stringify(appendices),
    publishedAt: at,
  };
  await addVersion(db, partnershipId, id, 1, approval);
  await addVersion(db, partnershipId, id, 2, null);
}
