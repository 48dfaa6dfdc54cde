/*
 * Training compliance (issue 14, point 8): requirements per job role, each person's status, the
 * matrix by organisation × job role against the headcount of the organisation's latest workforce
 * return, and the list of those lapsing within 90 days. Who sees what (docs/roles.md):
 * a practitioner their own status; an organisation's training contact their organisation, by
 * name; coordinators any organisation; everyone with training:view the partnership's matrix,
 * protected by the disclosure-control module (docs/adr/0013, docs/adr/0028).
 */
import type { Kysely } from 'kysely';
import { hasCapability, requireCapability, type Actor } from '../../auth/actor.ts';
import { disclosureSecret } from '../../db/disclosure-secrets.ts';
import type { Database } from '../../db/schema.ts';
import { groupKeyer, protectCount, protectDerived, type Tally } from '../../lib/disclosure.ts';
import { todayInLondon } from '../../lib/dates.ts';
import { NotFoundError, ValidationError } from '../../lib/errors.ts';
import type { Shown } from '../../lib/suppression.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { checkRequirement, type FormValues } from './compliance-forms.ts';
import * as repo from './compliance-repository.ts';
import { complianceDataVersion } from './compliance-repository-version.ts';
import { complianceOf } from './compliance-rules.ts';
import { findPractitioner, practitionerOfUser } from './repository.ts';

type Db = Kysely<Database>;

export interface ExactCell {
  jobRole: string;
  headcount: number | null;
  people: number;
  compliant: number;
  due: number;
  lapsed: number;
  /** (compliant + due) / headcount, as a whole percentage; null without a headcount. */
  percent: number | null;
}

export interface ProtectedCell {
  organisationId: number | null;
  jobRole: string | null;
  headcount: number | null;
  compliant: number;
  /** Whole percent, 'c' when withheld, 'none' with nobody in post, null without a return. */
  percent: Shown<number | 'none'> | null;
}

const percentOf = (part: number, whole: number | null) =>
  whole === null || whole <= 0 ? null : Math.round((100 * part) / whole);

/** Whether the actor may see this organisation's people by name. */
const mayReadOrganisation = (actor: Actor, organisationId: number) =>
  hasCapability(actor, 'training:manage') ||
  (hasCapability(actor, 'training:book') && actor.organisationId === organisationId);

interface MatrixFigures {
  /** The day and the data version (compliance-repository-version.ts) they were worked out for. */
  key: string;
  counts: repo.MatrixCountRow[];
  heads: repo.HeadcountRow[];
}

export class ComplianceService {
  readonly db: Db;
  /** Each partnership's latest matrix figures: served again while the day and the data are the same. */
  readonly #figures = new Map<number, MatrixFigures>();
  constructor(db: Db) {
    this.db = db;
  }

  /** Every organisation × role's counts and headcounts, worked out again only when an input has changed. */
  async #matrixFigures(partnershipId: number, requirements: repo.RequirementRow[], today: string) {
    const key = `${today}/${await complianceDataVersion(this.db, partnershipId)}`;
    const held = this.#figures.get(partnershipId);
    if (held?.key === key) return held;
    const [counts, heads] = await Promise.all([
      repo.matrixCounts(this.db, partnershipId, requirements, today, {}),
      repo.latestHeadcounts(this.db, partnershipId),
    ]);
    const figures = { key, counts, heads };
    this.#figures.set(partnershipId, figures);
    return figures;
  }

  async organisation(actor: Actor, id: number) {
    const row = await this.db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('partnership_id', '=', actor.partnershipId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || !mayReadOrganisation(actor, id)) throw new NotFoundError('Organisation');
    return row;
  }

  async requirement(actor: Actor, id: number) {
    requireCapability(actor, 'training:manage');
    const row = await repo.findRequirement(this.db, actor.partnershipId, id);
    if (!row) throw new NotFoundError('Requirement');
    return row;
  }

  async saveRequirement(actor: Actor, form: FormValues, id?: number) {
    requireCapability(actor, 'training:manage');
    const before = id ? await this.requirement(actor, id) : undefined;
    const { errors, values } = checkRequirement(form);
    if (!errors.job_role) {
      const same = (await repo.listRequirements(this.db, actor.partnershipId)).find(
        (r) => r.job_role === values.job_role,
      );
      if (same && same.id !== before?.id)
        errors.job_role = 'This job role already has a requirement: change that one instead';
    }
    if (Object.keys(errors).length) throw new ValidationError(errors);
    return this.db.transaction().execute(async (trx) => {
      const at = nowIso();
      const saved = before
        ? await trx
            .updateTable('training_requirements')
            .set({ ...values, updated_at: at })
            .where('partnership_id', '=', actor.partnershipId)
            .where('id', '=', before.id)
            .returningAll()
            .executeTakeFirstOrThrow()
        : await trx
            .insertInto('training_requirements')
            .values({ ...values, partnership_id: actor.partnershipId, created_at: at, updated_at: at })
            .returningAll()
            .executeTakeFirstOrThrow();
      await recordAudit(trx, actor, {
        action: before ? 'update' : 'create',
        entityType: 'training_requirement',
        entityId: saved.id,
        summary: `${before ? 'Changed' : 'Added'} the training requirement for ${values.job_role}`,
        before: before && { level: before.level, minutes: before.minutes, periodMonths: before.period_months },
        after: { level: values.level, minutes: values.minutes, periodMonths: values.period_months },
      });
      return saved;
    });
  }

  /** One organisation's matrix by job role, exact: for its own contact and for coordinators. */
  async organisationMatrix(actor: Actor, organisationId: number, today = todayInLondon()) {
    const org = await this.organisation(actor, organisationId);
    const requirements = await repo.listRequirements(this.db, actor.partnershipId);
    const all = await this.#matrixFigures(actor.partnershipId, requirements, today);
    const counts = all.counts.filter((c) => c.organisation_id === organisationId);
    const heads = all.heads.filter((h) => h.organisation_id === organisationId);
    const cells: ExactCell[] = requirements.map((r) => {
      const c = counts.find((x) => x.job_role === r.job_role);
      const headcount = heads.length ? (heads.find((h) => h.job_role === r.job_role)?.n ?? 0) : null;
      const [compliant, due, lapsed] = [c?.compliant ?? 0, c?.due ?? 0, c?.lapsed ?? 0];
      return {
        jobRole: r.job_role,
        headcount,
        people: c?.people ?? 0,
        compliant,
        due,
        lapsed,
        percent: percentOf(compliant + due, headcount),
      };
    });
    return { organisation: org, requirements, cells, censusDate: heads[0]?.census_date ?? null };
  }

  /** Everyone in an organisation who is due (lapsing within 90 days) or lapsed, soonest first. */
  async lapsing(actor: Actor, organisationId: number, today = todayInLondon()) {
    const org = await this.organisation(actor, organisationId);
    const requirements = await repo.listRequirements(this.db, actor.partnershipId);
    const statuses = (
      await repo.personStatuses(this.db, actor.partnershipId, requirements, today, { organisationId })
    ).filter((s) => s.status !== 'compliant');
    const people = statuses.length
      ? await this.db
          .selectFrom('training_practitioners')
          .select(['id', 'name', 'email', 'job_role'])
          .where('partnership_id', '=', actor.partnershipId)
          .where('organisation_id', '=', organisationId)
          .execute()
      : [];
    const byId = new Map(people.map((p) => [p.id, p]));
    const rows = [];
    for (const s of statuses) {
      const person = byId.get(s.id);
      const req = requirements.find((r) => r.job_role === s.job_role);
      if (!person || !req) continue;
      // The exact day comes from the person's own training, by the rule the SQL status follows.
      const entries = s.status === 'due' ? await repo.personEntries(this.db, actor.partnershipId, s.id) : [];
      const mine = complianceOf(
        { level: req.level, minutes: req.minutes, periodMonths: req.period_months },
        entries.map((e) => ({ on: e.on_date, minutes: e.minutes, level: e.level })),
        today,
      );
      rows.push({ ...person, status: s.status, minutes: s.now_minutes, need: req.minutes, lapsesOn: mine.lapsesOn });
    }
    rows.sort((a, b) =>
      a.status === b.status
        ? a.lapsesOn.localeCompare(b.lapsesOn) || a.name.localeCompare(b.name)
        : a.status === 'due'
          ? -1
          : 1,
    );
    return { organisation: org, rows };
  }

  /** The partnership's matrix, every figure protected (disclosure.ts): for steering, viewers and coordinators. */
  async partnershipMatrix(actor: Actor, today = todayInLondon()) {
    if (!hasCapability(actor, 'training:view')) throw new NotFoundError('Compliance matrix');
    const requirements = await repo.listRequirements(this.db, actor.partnershipId);
    const [{ counts, heads }, organisations, secret] = await Promise.all([
      this.#matrixFigures(actor.partnershipId, requirements, today),
      this.db
        .selectFrom('organisations')
        .select(['id', 'name'])
        .where('partnership_id', '=', actor.partnershipId)
        .orderBy('name')
        .execute(),
      disclosureSecret(this.db, actor.partnershipId),
    ]);
    const key = groupKeyer(secret, 'training-compliance');
    const roles = new Set(requirements.map((r) => r.job_role));
    const withReturn = new Set(heads.map((h) => h.organisation_id));
    // One cell for a set of organisations and roles: its totals are protected in their own right.
    const cell = (
      orgs: (id: number) => boolean,
      role: (code: string) => boolean,
    ): Omit<ProtectedCell, 'organisationId' | 'jobRole'> => {
      const h = heads.filter((x) => orgs(x.organisation_id) && role(x.job_role) && roles.has(x.job_role));
      const c = counts.filter((x) => orgs(x.organisation_id) && role(x.job_role) && withReturn.has(x.organisation_id));
      const headTally: Tally = { n: h.reduce((a, x) => a + x.n, 0), k: h.reduce((a, x) => a + x.key_sum, 0) };
      const n = c.reduce((a, x) => a + x.compliant + x.due, 0);
      const compliantTally: Tally = { n, k: key(c.reduce((a, x) => a + x.id_sum, 0)) };
      const headcount = [...withReturn].some(orgs) ? protectCount(headTally) : null;
      const compliant = protectCount(compliantTally);
      // Shown as 0 in post, a small group is still withheld ('c'); nobody at all gives no percentage ('none').
      const percent =
        headcount === null
          ? null
          : headcount > 0
            ? protectDerived(Math.round((100 * compliant) / headcount), [headTally])
            : protectDerived<'none'>('none', [headTally]);
      return { headcount, compliant, percent };
    };
    const rows = organisations.map((o) => ({
      organisation: o,
      hasReturn: withReturn.has(o.id),
      cells: requirements.map((r) => ({
        organisationId: o.id,
        jobRole: r.job_role,
        ...cell(
          (id) => id === o.id,
          (j) => j === r.job_role,
        ),
      })),
      total: {
        organisationId: o.id,
        jobRole: null,
        ...cell(
          (id) => id === o.id,
          () => true,
        ),
      },
    }));
    const totals = requirements.map((r) => ({
      organisationId: null,
      jobRole: r.job_role,
      ...cell(
        () => true,
        (j) => j === r.job_role,
      ),
    }));
    return {
      requirements,
      rows,
      totals,
      grand: {
        organisationId: null,
        jobRole: null,
        ...cell(
          () => true,
          () => true,
        ),
      },
    };
  }

  requirements(actor: Actor) {
    requireCapability(actor, 'training:catalogue');
    return repo.listRequirements(this.db, actor.partnershipId);
  }

  /** Where the compliance page takes the actor: the partnership matrix, their organisation, or their own status. */
  home(actor: Actor): 'partnership' | 'organisation' | 'own' {
    if (hasCapability(actor, 'training:view')) return 'partnership';
    if (hasCapability(actor, 'training:book') && actor.organisationId !== null) return 'organisation';
    return 'own';
  }

  /** A practitioner's own status, with the training that counts. */
  async own(actor: Actor, today = todayInLondon()) {
    requireCapability(actor, 'training:book-own');
    const person = actor.userId ? await practitionerOfUser(this.db, actor.partnershipId, actor.userId) : undefined;
    if (!person) return null;
    return statusOfPerson(this.db, actor.partnershipId, person.id, today);
  }

  /** One person's status, for a coordinator or their organisation's contact. */
  async person(actor: Actor, practitionerId: number, today = todayInLondon()) {
    const person = await findPractitioner(this.db, actor.partnershipId, practitionerId);
    if (!person || !mayReadOrganisation(actor, person.organisation_id)) throw new NotFoundError('Practitioner');
    return statusOfPerson(this.db, actor.partnershipId, person.id, today);
  }
}

export const createComplianceService = (db: Db) => new ComplianceService(db);

async function statusOfPerson(db: Db, partnershipId: number, practitionerId: number, today: string) {
  const person = await findPractitioner(db, partnershipId, practitionerId);
  if (!person) throw new NotFoundError('Practitioner');
  const requirement = (await repo.listRequirements(db, partnershipId)).find((r) => r.job_role === person.job_role);
  const entries = await repo.personEntries(db, partnershipId, person.id);
  const status = requirement
    ? complianceOf(
        { level: requirement.level, minutes: requirement.minutes, periodMonths: requirement.period_months },
        entries.map((e) => ({ on: e.on_date, minutes: e.minutes, level: e.level })),
        today,
      )
    : null;
  return { person, requirement: requirement ?? null, status, entries };
}
