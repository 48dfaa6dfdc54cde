/*
 * Demoshire's governance, after the seeds' governance sections (a trust board, a workforce
 * steering group reporting to it, and two sub-groups whose terms of reference follow the
 * Derby and Derbyshire training providers and workforce groups'), with members and two past
 * meetings, each with an action arising not yet on the action plan.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { addDays, todayInLondon } from '../../lib/dates.ts';
import { nowIso } from '../../lib/time.ts';

const COUNCIL = 'Demoshire County Council';
const HEALTH = 'Demoshire Community Health NHS Trust';

/** [name, kind, parent's index, terms of reference, review in days (negative: overdue), members] */
const GROUPS: [string, string, number | null, string, number, [string, string, string][]][] = [
  [
    'Demoshire Children’s Trust board',
    'board',
    null,
    'Purpose: to lead the partnership’s joint planning and commissioning for children, young people and families, and to hold the partners to account for the children’s workforce strategy.\nMeets every two months. Receives a quarterly report from the workforce steering group.',
    200,
    [
      ['Alex Morgan', COUNCIL, 'Chair (Director of Children’s Services)'],
      ['Priya Shah', HEALTH, 'Vice-chair'],
      ['Chris Evans', 'Demoshire Police', 'Member'],
    ],
  ],
  [
    'Workforce steering group',
    'steering',
    0,
    'Purpose: to monitor the workforce strategy and its action plan, to highlight workforce developments within agencies, and to explore how a joint approach could make more of them.\nReports to the Children’s Trust board. Meets quarterly.',
    -14,
    [
      ['Jo Whitfield', COUNCIL, 'Chair (Workforce Strategy Manager)'],
      ['Sam Okafor', HEALTH, 'Member'],
      ['Lee Harper', 'Demoshire Young Carers', 'Member (voluntary sector)'],
    ],
  ],
  [
    'Training providers group',
    'sub-group',
    1,
    'Purpose: to design and deliver a training programme according to the needs the steering group identifies; to evaluate the quality and impact of training; to monitor attendance and take-up by key staff; and to recruit and develop a pool of trainers from partner agencies.\nReports quarterly to the workforce steering group: training provided, attendance and non-attendance by role and agency, and courses over- and under-subscribed.',
    120,
    [
      ['Ruth Ellis', COUNCIL, 'Chair (Senior Learning and Development Consultant)'],
      ['Dev Mistry', HEALTH, 'Training lead'],
      ['Amy Clarke', 'Demoshire Sport and Leisure Trust', 'Training lead'],
    ],
  ],
  [
    'Data group',
    'sub-group',
    1,
    'Purpose: to collect and analyse workforce data across the partners each year, to provide outcome and performance data to the steering group, and to advise on the success indicators.\nReports to the workforce steering group before each of its meetings.',
    90,
    [
      ['Tom Bradley', COUNCIL, 'Chair (Workforce data lead)'],
      ['Nadia Hussain', HEALTH, 'Member'],
    ],
  ],
];

/** [group index, days ago, decisions, actions arising: [what, owner, organisation, due in days]] */
const MEETINGS: [number, number, string, [string, string, string, number][]][] = [
  [
    1,
    84,
    'Agreed the workforce strategy’s priorities for the year\nAsked the data group for a first annual workforce profile',
    [['Publish the annual workforce profile to partners', 'Tom Bradley', COUNCIL, 60]],
  ],
  [
    2,
    35,
    'Agreed the safeguarding training programme for the next two terms\nAgreed to survey providers on capacity',
    [['Survey training providers on capacity and waiting lists', 'Ruth Ellis', COUNCIL, 45]],
  ],
];

export async function loadGovernanceDemo(db: Kysely<Database>, partnershipId: number): Promise<void> {
  const today = todayInLondon();
  const at = nowIso();
  const ids: number[] = [];
  for (const [name, kind, parent, terms, review, members] of GROUPS) {
    const group = await db
      .insertInto('gov_groups')
      .values({
        partnership_id: partnershipId,
        parent_id: parent === null ? null : (ids[parent] ?? null),
        kind,
        name,
        terms_of_reference: terms,
        review_on: addDays(today, review),
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(group.id);
    for (const [member, organisation, role] of members)
      await db
        .insertInto('gov_members')
        .values({ partnership_id: partnershipId, group_id: group.id, name: member, organisation, role })
        .execute();
  }
  for (const [group, daysAgo, decisions, arising] of MEETINGS) {
    const meeting = await db
      .insertInto('gov_meetings')
      .values({
        partnership_id: partnershipId,
        group_id: ids[group] ?? 0,
        held_on: addDays(today, -daysAgo),
        decisions,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [what, owner, organisation, due] of arising)
      await db
        .insertInto('gov_actions_arising')
        .values({
          partnership_id: partnershipId,
          meeting_id: meeting.id,
          what,
          owner,
          owner_organisation: organisation,
          due_on: addDays(today, due),
          plan_action_id: null,
        })
        .execute();
  }
}
