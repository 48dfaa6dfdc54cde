/*
 * Success indicators live from training (issue 15 point 7, docs/adr/0035). Each source is the
 * training feature's own figure at a quarter end, never a second formula:
 * - compliance: the compliance matrix's partnership-wide percentage (people compliant or due by
 *   the written rule, compliance-rules.ts, as at the quarter end, over the headcount in post of
 *   the latest workforce returns), protected as the matrix protects its grand total
 *   (src/lib/disclosure.ts). The rule runs here over each person's entries loaded once for every
 *   quarter shown, rather than the matrix's SQL once per quarter end;
 * - attendance: the training quarterly report's attendance rate (attended in full over those
 *   marked on a register, sessions starting in the quarter), its suppressed totals row;
 * - people trained: distinct people who attended a session in full that started in the quarter,
 *   as the closed loop counts them (report-closed-loop.ts), suppressed below the threshold.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { disclosureSecret } from '../../db/disclosure-secrets.ts';
import { groupKeyer, protectCount, protectDerived, type Tally } from '../../lib/disclosure.ts';
import { isSuppressed, suppressCount, type Shown } from '../../lib/suppression.ts';
import { latestHeadcounts, listRequirements } from '../training/compliance-repository.ts';
import { complianceOf, cutoffOn, type Entry } from '../training/compliance-rules.ts';
import { londonTime } from '../training/forms.ts';
import { agencyTable } from '../training/report-breakdown.ts';
import { quarterOf, type Quarter } from '../training/report-quarter.ts';
import { reportContext } from '../training/report-service.ts';

type Db = Kysely<Database>;

export const TRAINING_SOURCES = ['training.compliance', 'training.attendance', 'training.peopleTrained'] as const;
export type TrainingSource = (typeof TRAINING_SOURCES)[number];
export const isTrainingSource = (source: string): source is TrainingSource =>
  TRAINING_SOURCES.some((s) => s === source);

export interface LiveValue {
  value: number | null;
  suppressed: boolean;
}

/** A protected figure as an indicator's value: 'c' is suppressed; no number ('none': nobody to count) is no value. */
export function liveValueOf(shown: Shown<number | string> | null | undefined): LiveValue {
  if (isSuppressed(shown)) return { value: null, suppressed: true };
  return { value: typeof shown === 'number' ? Math.round(shown * 10) / 10 : null, suppressed: false };
}

/** Distinct people who attended in full a session that ran and started in the quarter. */
export async function peopleTrained(db: Db, partnershipId: number, quarter: Quarter): Promise<number> {
  const row = await db
    .selectFrom('training_sessions as s')
    .innerJoin('training_bookings as b', 'b.session_id', 's.id')
    .select(sql<number>`count(distinct b.practitioner_id)`.as('n'))
    .where('s.partnership_id', '=', partnershipId)
    .where('s.status', '=', 'scheduled')
    .where('s.starts_at', '>=', londonTime(quarter.from, '00:00'))
    .where('s.starts_at', '<', londonTime(quarter.until, '00:00'))
    .where('b.status', '=', 'attended')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Each person with a requirement (in an organisation with a return), with every entry that may count by `last`. */
async function complianceInputs(db: Db, partnershipId: number, first: string, last: string) {
  const [requirements, heads, secret] = await Promise.all([
    listRequirements(db, partnershipId),
    latestHeadcounts(db, partnershipId),
    disclosureSecret(db, partnershipId),
  ]);
  const roles = requirements.map((r) => r.job_role);
  const since = requirements.map((r) => cutoffOn(first, r.period_months)).sort()[0] ?? first;
  const withReturn = new Set(heads.map((h) => h.organisation_id));
  const [people, records, attended] = roles.length
    ? await Promise.all([
        db
          .selectFrom('training_practitioners')
          .select(['id', 'organisation_id', 'job_role'])
          .where('partnership_id', '=', partnershipId)
          .where('job_role', 'in', roles)
          .execute(),
        db
          .selectFrom('training_records')
          .select(['practitioner_id', 'completed_on as on', 'minutes', 'level'])
          .where('partnership_id', '=', partnershipId)
          .where('completed_on', '>', since)
          .where('completed_on', '<=', last)
          .execute(),
        db
          .selectFrom('training_bookings as b')
          .innerJoin('training_sessions as s', 's.id', 'b.session_id')
          .innerJoin('training_courses as c', 'c.id', 's.course_id')
          .select(['b.practitioner_id', 's.starts_at', 'c.duration_minutes as minutes', 'c.level'])
          .where('b.partnership_id', '=', partnershipId)
          .where('b.status', '=', 'attended')
          .where('s.starts_at', '>', since)
          .execute(),
      ])
    : [[], [], []];
  const entries = new Map<number, Entry[]>();
  const add = (id: number, entry: Entry) => entries.set(id, [...(entries.get(id) ?? []), entry]);
  for (const r of records) add(r.practitioner_id, { on: r.on, minutes: Number(r.minutes), level: r.level });
  for (const a of attended)
    add(a.practitioner_id, { on: a.starts_at.slice(0, 10), minutes: Number(a.minutes), level: a.level });
  const headTally: Tally = heads
    .filter((h) => roles.includes(h.job_role))
    .reduce((t, h) => ({ n: t.n + h.n, k: t.k + h.key_sum }), { n: 0, k: 0 });
  return {
    requirements,
    people: people.filter((p) => withReturn.has(p.organisation_id)),
    entries,
    headTally,
    hasReturn: withReturn.size > 0,
    key: groupKeyer(secret, 'training-compliance'),
  };
}

/** The compliance matrix's grand total percentage at each quarter end. */
export async function complianceByQuarter(db: Db, partnershipId: number, quarters: string[]) {
  const result = new Map<string, LiveValue>();
  const sorted = [...quarters].sort();
  const [first, last] = [sorted[0], sorted.at(-1)];
  if (first === undefined || last === undefined) return result;
  const input = await complianceInputs(db, partnershipId, first, last);
  const rules = new Map(
    input.requirements.map((r) => [r.job_role, { level: r.level, minutes: r.minutes, periodMonths: r.period_months }]),
  );
  for (const quarter of quarters) {
    let n = 0;
    let idSum = 0;
    for (const person of input.people) {
      const rule = rules.get(person.job_role);
      const entries = (input.entries.get(person.id) ?? []).filter((e) => e.on <= quarter);
      if (!rule || complianceOf(rule, entries, quarter).status === 'lapsed') continue;
      n += 1;
      idSum += person.id;
    }
    const headcount = input.hasReturn ? protectCount(input.headTally) : null;
    const compliant = protectCount({ n, k: input.key(idSum) });
    const percent =
      headcount === null
        ? null
        : headcount > 0
          ? protectDerived(Math.round((100 * compliant) / headcount), [input.headTally])
          : protectDerived<'none'>('none', [input.headTally]);
    result.set(quarter, liveValueOf(percent));
  }
  return result;
}

/** Attendance or people trained for the quarter ending on `quarterEnd`. */
export async function trainingValue(
  db: Db,
  partnershipId: number,
  source: Exclude<TrainingSource, 'training.compliance'>,
  quarterEnd: string,
  threshold: number,
): Promise<LiveValue> {
  const quarter = quarterOf(quarterEnd);
  if (source === 'training.attendance') {
    const table = await agencyTable(reportContext(db, partnershipId, quarter, threshold));
    return liveValueOf(table.totals?.values.attendance);
  }
  return liveValueOf(suppressCount(await peopleTrained(db, partnershipId, quarter), threshold));
}

/** Every needed source's value at each quarter end, by quarter then source. */
export async function trainingValues(
  db: Db,
  partnershipId: number,
  sources: ReadonlySet<TrainingSource>,
  quarters: string[],
  threshold: number,
): Promise<Map<string, Map<TrainingSource, LiveValue>>> {
  const compliance = sources.has('training.compliance')
    ? await complianceByQuarter(db, partnershipId, quarters)
    : new Map<string, LiveValue>();
  const result = new Map<string, Map<TrainingSource, LiveValue>>();
  for (const quarter of quarters) {
    const values = new Map<TrainingSource, LiveValue>();
    for (const source of sources)
      values.set(
        source,
        source === 'training.compliance'
          ? (compliance.get(quarter) ?? liveValueOf(null))
          : await trainingValue(db, partnershipId, source, quarter, threshold),
      );
    result.set(quarter, values);
  }
  return result;
}
