/*
 * The reports home (issue 16 point 6): every report and export in one place, by audience, each
 * shown only to those whose role may open it; a partner's own organisation pack; and the setting
 * that publishes the progress page.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type Actor, hasCapability, requireCapability, systemActor } from '../../auth/actor.ts';
import type { Capability } from '../../auth/roles.ts';
import { addDays, todayInLondon } from '../../lib/dates.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { suppressCount, type Shown } from '../../lib/suppression.ts';
import { nowIso } from '../../lib/time.ts';
import { recordAudit } from '../audit/service.ts';
import { DEFAULT_THEMES } from '../assessment/framework.ts';
import { latestApproved } from '../strategy/repository.ts';
import { strategyPaths } from '../strategy/paths.ts';
import type { ProfileService } from '../workforce/profile/profile-service.ts';
import type { ProfileMeasures } from '../workforce/profile/profile-types.ts';
import { reportsPaths as paths } from './home-paths.ts';
import * as repo from './theme-repository.ts';
import { formatNumber } from '../../lib/numbers.ts';

interface Link {
  href: string;
  text: string;
  hint: string;
  capability: Capability;
}

const BOARD: Link[] = [
  {
    href: paths.boardPacks(),
    text: 'Quarterly board packs',
    hint: 'Exceptions first: red, amber and stale actions, indicators, risks, training and funding; issued packs are frozen.',
    capability: 'reports:view',
  },
  {
    href: '/plan/actions/exceptions',
    text: 'Actions off track',
    hint: 'Red, amber and stale actions, as they stand today.',
    capability: 'plan:view',
  },
  {
    href: '/plan/indicators',
    text: 'Success indicators',
    hint: 'Values against targets with the direction of travel.',
    capability: 'plan:view',
  },
  { href: '/plan/risks', text: 'Risk register', hint: 'The heat map and the top risks.', capability: 'plan:view' },
];

const STEERING: Link[] = [
  {
    href: '/assessment',
    text: 'Self-assessment results',
    hint: 'Each round’s heat map, rainbow, comparison and downloads (CSV, XLSX, PDF).',
    capability: 'assessment:results',
  },
  {
    href: '/workforce/profile',
    text: 'Workforce profile',
    hint: 'The partnership’s profile with its PDF report and table downloads.',
    capability: 'workforce:view-aggregate',
  },
  {
    href: '/plan/actions/download?format=xlsx',
    text: 'Action plan (XLSX)',
    hint: 'Every action with its lead, dates and RAG.',
    capability: 'plan:view',
  },
  {
    href: '/plan/funding',
    text: 'Funding and pooled budget',
    hint: 'Balances per stream and per partner, with downloads.',
    capability: 'plan:view',
  },
  {
    href: '/workforce/returns',
    text: 'Workforce return completeness',
    hint: 'Who has submitted for each census date.',
    capability: 'workforce:submit-any',
  },
  {
    href: '/training',
    text: 'Training catalogue and sessions',
    hint: 'Courses, sessions, bookings and attendance.',
    capability: 'training:view',
  },
];

const visible = (actor: Actor, links: Link[]) =>
  links.filter((l) => hasCapability(actor, l.capability)).map(({ href, text, hint }) => ({ href, text, hint }));

/** The headline figures an organisation pack sets against the partnership's. */
const PACK_MEASURES: { key: keyof ProfileMeasures; label: string; percent: boolean }[] = [
  { key: 'headcount', label: 'Headcount (employees in post)', percent: false },
  { key: 'fteInPost', label: 'FTE in post', percent: false },
  { key: 'turnoverRate', label: 'Turnover rate', percent: true },
  { key: 'vacancyRate', label: 'Vacancy rate', percent: true },
  { key: 'agencyRate', label: 'Agency rate', percent: true },
  { key: 'absenceRate', label: 'Absence rate', percent: true },
  { key: 'aged55PlusPercent', label: 'Aged 55 or over', percent: true },
];

export class ReportsHomeService {
  readonly db: Kysely<Database>;
  readonly profile: ProfileService;
  readonly threshold: number;
  constructor(db: Kysely<Database>, profile: ProfileService, threshold: number) {
    this.db = db;
    this.profile = profile;
    this.threshold = threshold;
  }

  async organisationsFor(actor: Actor) {
    if (!hasCapability(actor, 'workforce:view-own')) return [];
    const all = await this.db
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('partnership_id', '=', actor.partnershipId)
      .orderBy('name')
      .execute();
    if (hasCapability(actor, 'workforce:submit-any')) return all;
    return all.filter((o) => o.id === actor.organisationId);
  }

  async publicationOf(partnershipId: number) {
    const [row, partnership] = await Promise.all([
      repo.findPublication(this.db, partnershipId),
      this.db.selectFrom('partnerships').select('slug').where('id', '=', partnershipId).executeTakeFirst(),
    ]);
    return {
      published: row?.progress_published === 1,
      changedAt: row?.changed_at ?? null,
      changedBy: row?.changed_by ?? null,
      slug: partnership?.slug ?? null,
    };
  }

  /** The reports each audience may open, for this actor's role. */
  async home(actor: Actor) {
    requireCapability(actor, 'organisations:view');
    const reports = hasCapability(actor, 'reports:view');
    const [organisations, published, strategy] = await Promise.all([
      this.organisationsFor(actor),
      this.publicationOf(actor.partnershipId),
      latestApproved(this.db, actor.partnershipId),
    ]);
    const strategyDocument: Link[] = strategy
      ? [
          {
            href: strategyPaths.document({ id: strategy.id }),
            text: 'The strategy document',
            hint: `${strategy.title}, version ${strategy.number} as approved: its sections, action plan, risk register, indicators, governance and glossary, as a page, DOCX or PDF.`,
            capability: 'plan:view',
          },
        ]
      : [];
    return {
      board: reports ? visible(actor, [...BOARD, ...strategyDocument]) : [],
      themes: reports ? DEFAULT_THEMES.map((t) => ({ position: t.position, name: t.name })) : [],
      steering: reports || hasCapability(actor, 'training:view') ? visible(actor, STEERING) : [],
      organisations: organisations.map((o) => ({ ...o, href: paths.organisation({ id: o.id }) })),
      publication: published,
      canPublish: hasCapability(actor, 'plan:edit'),
    };
  }

  /** One organisation's pack: its return, its profile against the partnership's, its training. */
  async organisationPack(actor: Actor, organisationId: number) {
    requireCapability(actor, 'workforce:view-own');
    const organisation = (await this.organisationsFor(actor)).find((o) => o.id === organisationId);
    if (!organisation) throw new NotFoundError('Organisation');
    const pid = actor.partnershipId;
    const today = todayInLondon();
    const since = `${addDays(today, -365)}T00:00:00.000Z`;
    const [current, own, whole, trained, absent] = await Promise.all([
      repo.currentReturn(this.db, pid, organisationId),
      this.profile.getProfile(actor, hasCapability(actor, 'workforce:view-aggregate') ? { organisationId } : {}),
      this.profile.getProfile(systemActor(pid, 'Reports')),
      repo.trainingTally(this.db, pid, { since, until: nowIso(), organisationId }),
      repo.noShows(this.db, pid, organisationId, since, nowIso()),
    ]);
    const figure = (value: Shown<number> | null, percent: boolean) =>
      value === null
        ? 'No data'
        : `${typeof value === 'number' ? formatNumber(value) : value}${percent && typeof value === 'number' ? '%' : ''}`;
    return {
      organisation,
      currentReturn: current ?? null,
      censusDate: own.filters.censusDate,
      tooFew: own.disclosure.tooFew,
      measures: PACK_MEASURES.map((m) => ({
        label: m.label,
        own: figure(own.empty ? null : own.measures[m.key], m.percent),
        partnership: figure(whole.empty ? null : whole.measures[m.key], m.percent),
      })),
      training: {
        people: suppressCount(trained.people, this.threshold),
        noShows: suppressCount(absent, this.threshold),
      },
      threshold: this.threshold,
    };
  }

  async publication(actor: Actor) {
    requireCapability(actor, 'plan:edit');
    return { ...(await this.publicationOf(actor.partnershipId)), threshold: this.threshold };
  }

  /** Publishes or withdraws the progress page at /p/<slug>; audited. */
  async setPublication(actor: Actor, published: boolean): Promise<void> {
    requireCapability(actor, 'plan:edit');
    const before = await this.publicationOf(actor.partnershipId);
    if (before.published === published) return;
    const at = nowIso();
    await this.db.transaction().execute(async (trx) => {
      const values = { progress_published: published ? 1 : 0, changed_at: at, changed_by: actor.label };
      const updated = await trx
        .updateTable('report_publications')
        .set(values)
        .where('partnership_id', '=', actor.partnershipId)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0)
        await trx
          .insertInto('report_publications')
          .values({ partnership_id: actor.partnershipId, ...values })
          .execute();
      await recordAudit(trx, actor, {
        action: published ? 'publish' : 'withdraw',
        entityType: 'report_publication',
        entityId: actor.partnershipId,
        summary: published
          ? `Published the progress page at /p/${before.slug ?? ''}`
          : `Withdrew the public progress page at /p/${before.slug ?? ''}`,
        before: { published: before.published },
        after: { published },
      });
    });
  }
}

export const createReportsHomeService = (db: Kysely<Database>, profile: ProfileService, threshold: number) =>
  new ReportsHomeService(db, profile, threshold);
