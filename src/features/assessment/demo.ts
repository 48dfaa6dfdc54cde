import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../lib/time.ts';
import { countSubmittedAnswers } from './questionnaire-repository.ts';
import { ensureDefaultFramework } from './repository.ts';
import { addDays, todayInLondon } from '../../lib/dates.ts';

/** Herefordshire's 2009 means (docs/domain.md §1): the demo's answers scatter around them. */
const BASELINE = [
  [3.3, 2.6, 3.2, 4.3, 4.1, 3.3, 3.3, 3.5],
  [2.9, 2.6, 2.6, 3.3, 3.8, 2.7, 2.7, 2.6],
  [2.8, 2.5, 2.3, 3.1, 3.4, 2.7, 3.3, 3.4],
  [2.8, 2.9, 2.5, 3.3, 3.8, 2.8, 2.7, 3.2],
  [2.6, 2.8, 2.5, 3.0, 2.9, 2.5, 3.1, 2.4],
  [2.6, 2.6, 2.6, 3.0, 3.1, 2.8, 3.1, 2.7],
  [2.5, 2.2, 3.2, 2.9, 3.5, 3.1, 2.4, 3.3],
  [3.7, 2.8, 3.6, 3.6, 3.1, 4.2, 3.6, 4.1],
];

const EVIDENCE = [
  'Shared vision agreed at the Children’s Trust board; not yet known by most frontline staff.',
  'Multi-agency induction started in two localities.',
  'Common assessment used widely, but lead professional role unclear in schools.',
  'Training needs analysis not repeated since 2023.',
];

/** A small deterministic generator, so the demo is the same every time it is loaded. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const daysFromToday = (days: number) => addDays(todayInLondon(), days);

interface DemoOrganisation {
  id: number;
  type: string;
  sector: string;
}

/**
 * A closed "Baseline 2025" round with 40 answers across the demo organisations (one of them a
 * focus group) and an open "Re-assessment 2026" with a few answers, some still in progress.
 */
export async function loadAssessmentDemo(
  db: Kysely<Database>,
  partnershipId: number,
  organisations: DemoOrganisation[],
): Promise<void> {
  const demo = new AssessmentDemo(db, partnershipId, organisations, await ensureDefaultFramework(db, partnershipId));
  const baseline = await demo.round('Baseline 2025', 'closed', '2025-03-03', '2025-03-31');
  for (let i = 0; i < 39; i++)
    await demo.response(baseline, i, { lift: 0, submitted: true, submittedOn: '2025-03-20' });
  await demo.response(baseline, 39, { lift: 0.2, submitted: true, focusGroup: 8, submittedOn: '2025-03-27' });

  const reassessment = await demo.round('Re-assessment 2026', 'open', daysFromToday(-14), daysFromToday(30));
  for (let i = 0; i < 6; i++)
    await demo.response(reassessment, i, { lift: 0.5, submitted: true, submittedOn: daysFromToday(-3) });
  for (let i = 6; i < 8; i++) await demo.response(reassessment, i, { lift: 0.5, submitted: false, submittedOn: '' });
}

interface DemoResponse {
  lift: number;
  submitted: boolean;
  focusGroup?: number;
  submittedOn: string;
}

class AssessmentDemo {
  readonly #next = random(2009);
  readonly #at = nowIso();
  readonly #db: Kysely<Database>;
  readonly #partnershipId: number;
  readonly #organisations: DemoOrganisation[];
  readonly #frameworkId: number;

  constructor(db: Kysely<Database>, partnershipId: number, organisations: DemoOrganisation[], frameworkId: number) {
    this.#db = db;
    this.#partnershipId = partnershipId;
    this.#organisations = organisations;
    this.#frameworkId = frameworkId;
  }

  async round(name: string, status: 'open' | 'closed', opensOn: string, closesOn: string) {
    const row = await this.#db
      .insertInto('assessment_rounds')
      .values({
        partnership_id: this.#partnershipId,
        framework_id: this.#frameworkId,
        name,
        kind: 'live',
        status,
        opens_on: opensOn,
        closes_on: closesOn,
        audience_json: JSON.stringify({ organisationIds: [], sectors: [], respondentTypes: [] }),
        focus_group_counting: 'participants',
        created_at: this.#at,
        updated_at: this.#at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The index-th respondent (organisations in turn, every third a leader), answers and evidence. */
  async response(roundId: number, index: number, options: DemoResponse) {
    const organisation = this.#organisations[index % this.#organisations.length];
    if (!organisation) throw new Error('The assessment demo needs organisations');
    const respondentType = index % 3 === 0 ? 'leader' : 'frontline';
    const { id } = await this.#db
      .insertInto('assessment_responses')
      .values({
        partnership_id: this.#partnershipId,
        round_id: roundId,
        invitation_id: null,
        user_id: null,
        organisation_id: organisation.id,
        organisation_type: organisation.type,
        sector: organisation.sector,
        respondent_type: respondentType,
        source: options.focusGroup ? 'focus_group' : 'open',
        participants: options.focusGroup ?? 1,
        status: options.submitted ? 'submitted' : 'in_progress',
        resume_token_hash: null,
        submitted_at: options.submitted ? `${options.submittedOn}T10:00:00.000Z` : null,
        created_at: this.#at,
        updated_at: this.#at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const answers = this.#answers(roundId, id, options, respondentType === 'leader' ? 0.3 : -0.1);
    await this.#db.insertInto('assessment_answers').values(answers).execute();
    await countSubmittedAnswers(this.#db, this.#partnershipId, roundId, id);
    if (index % 7 === 0) {
      await this.#db
        .insertInto('assessment_evidence')
        .values({
          partnership_id: this.#partnershipId,
          response_id: id,
          theme: (index % 8) + 1,
          note: EVIDENCE[index % EVIDENCE.length] ?? '',
        })
        .execute();
    }
  }

  /** Scores scattered around Herefordshire's means; a few "don't know" and "not applicable". */
  #answers(roundId: number, responseId: number, options: DemoResponse, roleLift: number) {
    const answers = [];
    const themes = options.submitted ? 8 : 3;
    for (let theme = 1; theme <= themes; theme++) {
      for (let stage = 1; stage <= 8; stage++) {
        const roll = this.#next();
        const base = (BASELINE[theme - 1]?.[stage - 1] ?? 3) + options.lift + roleLift;
        const score = Math.min(5, Math.max(1, Math.round(base + (this.#next() - 0.5) * 2.2)));
        const kind =
          roll < 0.05 ? ('dont_know' as const) : roll < 0.08 ? ('not_applicable' as const) : ('score' as const);
        answers.push({
          partnership_id: this.#partnershipId,
          round_id: roundId,
          response_id: responseId,
          theme,
          stage,
          score: kind === 'score' ? score : null,
          answer_kind: kind,
        });
      }
    }
    return answers;
  }
}
