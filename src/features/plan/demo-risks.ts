/*
 * Demoshire's 12 workforce risks, worded after Derbyshire's "Key Workforce Risks and Challenges"
 * (risk, contingency plans, lead, outcomes), each linked to plan actions, some of them complete,
 * so the register shows residual scores below the inherent ones.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { addDays, todayInLondon } from '../../lib/dates.ts';
import { nowIso } from '../../lib/time.ts';

/** [risk, cause, contingency, owner, likelihood, impact, target likelihood, target impact] */
const RISKS: [string, string, string, string, number, number, number, number][] = [
  [
    'Workforce implications of service reviews and restructures',
    'Service reviews across partners',
    'Workforce data; communications and consultations',
    'HR service partner',
    4,
    4,
    2,
    3,
  ],
  [
    'Loss of skills, knowledge and experience through voluntary redundancy',
    'Voluntary redundancy and early retirement schemes',
    'Workforce projections; succession planning; revised core competency frameworks',
    'HR service partner',
    3,
    4,
    2,
    3,
  ],
  [
    'Recruitment and retention of experienced staff',
    'Competition from neighbouring authorities and agencies',
    'Coaching, mentoring and shadowing; career pathways; supervision',
    'Service managers',
    5,
    4,
    3,
    3,
  ],
  [
    'Not enough leadership skills to deliver transformational change',
    'Leaders new in post',
    'Leadership framework; management development; succession planning',
    'Senior management team',
    3,
    5,
    2,
    4,
  ],
  [
    'Budget cuts reduce productivity as the workforce contracts',
    'Efficiency savings required of every partner',
    'Revised competency frameworks; informal learning; career pathways',
    'Service managers',
    4,
    3,
    3,
    2,
  ],
  [
    'Charged services lose contracts',
    'Schools and academies buying elsewhere',
    'A business-focused, skilled workforce that retains contracts',
    'Heads of charged services',
    2,
    3,
    1,
    3,
  ],
  [
    'Integration and co-location stall',
    'Partners’ buildings and systems differ',
    'Partnership working, integrated and co-located teams',
    'Assistant director, early help',
    3,
    3,
    2,
    2,
  ],
  [
    'Poor inspection outcomes',
    'Staff not confident talking about their impact',
    'A workforce informed about inspection and confident about its work',
    'Deputy strategic director',
    2,
    5,
    1,
    4,
  ],
  [
    'Required training not completed in time',
    'Timescales for training and release of staff',
    'E-learning and local delivery; tracking non-completion',
    'Workforce development manager',
    4,
    3,
    2,
    2,
  ],
  [
    'Partners do not submit workforce data',
    'No shared data standard or collection routine',
    'Workforce data standard; data leads in every partner',
    'Workforce data lead',
    3,
    3,
    1,
    2,
  ],
  [
    'Voluntary sector workforce left out of training',
    'Small organisations cannot release staff',
    'Free places and evening sessions for voluntary sector staff',
    'Voluntary sector workforce officer',
    3,
    2,
    2,
    2,
  ],
  [
    'Safer recruitment practice varies between partners',
    'Different HR policies and vetting checks',
    'Safer recruitment training and audit in every partner',
    'Safeguarding partnership business manager',
    2,
    5,
    1,
    5,
  ],
];

export async function loadRiskDemo(db: Kysely<Database>, partnershipId: number): Promise<void> {
  const at = nowIso();
  const today = todayInLondon();
  const [priorities, actions] = await Promise.all([
    db.selectFrom('plan_priorities').select('id').where('partnership_id', '=', partnershipId).orderBy('rank').execute(),
    db
      .selectFrom('plan_actions')
      .select(['id', 'priority_id'])
      .where('partnership_id', '=', partnershipId)
      .orderBy('id')
      .execute(),
  ]);
  for (const [
    i,
    [title, cause, contingency, owner, likelihood, impact, targetLikelihood, targetImpact],
  ] of RISKS.entries()) {
    const priority = priorities[i % priorities.length];
    const risk = await db
      .insertInto('plan_risks')
      .values({
        partnership_id: partnershipId,
        priority_id: priority?.id ?? null,
        title,
        cause,
        effect: 'The strategy’s priorities are delivered late or not at all',
        owner,
        likelihood,
        impact,
        target_likelihood: targetLikelihood,
        target_impact: targetImpact,
        controls: 'Reported quarterly to the workforce steering group',
        contingency,
        review_on: addDays(today, 30 + i * 7),
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Three actions of the same priority, some of them complete (demo.ts cycles through every RAG state).
    const linked = actions.filter((a) => a.priority_id === priority?.id).slice(i % 2, (i % 2) + 3);
    for (const action of linked)
      await db
        .insertInto('plan_risk_actions')
        .values({ partnership_id: partnershipId, risk_id: risk.id, action_id: action.id })
        .execute();
    await db
      .insertInto('plan_risk_history')
      .values({
        partnership_id: partnershipId,
        risk_id: risk.id,
        at,
        actor_label: 'Demo loader',
        event: 'Added',
        inherent_score: likelihood * impact,
        residual_score: likelihood * impact,
      })
      .execute();
  }
}
