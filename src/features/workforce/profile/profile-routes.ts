import { Router, type Response } from 'express';
import { DISCLOSURE_PAGE, ROUNDING_BASE, SMALL_GROUP } from '../../../lib/disclosure.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { sendTable } from '../../../lib/spreadsheet.ts';
import { SUPPRESSED_NOTE } from '../../../lib/charts.ts';
import { renderPage } from '../../../web/kit/render.ts';
import { route, type SignedInRequest } from '../../../web/kit/route.ts';
import type { Services } from '../../../services.ts';
import { hasCapability } from '../../../auth/actor.ts';
import type { ProfileFilters, ProfileTable, WorkforceProfile } from './profile-types.ts';
import {
  cellFormat,
  describeFilters,
  emptyNotice,
  filterQuery,
  formatCell,
  keyFigures,
  ratesChart,
  parseFilters,
  tableRows,
  tableSheets,
  X_EXPLANATION,
} from './profile-view.ts';
import { allTables, SECTIONS, sectionBySlug, sectionHasFigures } from './sections/index.ts';
import { writeProfilePdf } from './profile-pdf.ts';
import { profileSettingsRoutes } from './profile-settings-routes.ts';
import { showWithoutOrganisation } from '../returns/returns-common.ts';
import { formatDate } from '../../../lib/dates.ts';

const VIEWS = 'workforce/profile/views';

/** A partner data lead sees their own organisation's profile: without one, there is none to show. */
const withoutOrganisation = (req: SignedInRequest) =>
  req.actor.organisationId === null && !hasCapability(req.actor, 'workforce:view-aggregate');
export const PROFILE_PATH = '/workforce/profile';

/** The key figures as a table, so the summary's figures download like every other table. */
export function keyFiguresTable(profile: WorkforceProfile): ProfileTable {
  return {
    id: 'key-figures',
    title: 'Key figures',
    rowHeader: 'Measure',
    suppressedCells: 0,
    totals: null,
    columns: [{ key: 'value', label: 'Value', format: 'text' }],
    rows: keyFigures(profile).map((f) => ({
      key: f.key,
      label: `${f.label}${f.format === 'percent' ? ' (%)' : ''}`,
      values: { value: profile.measures[f.key] },
    })),
  };
}

const optionItems = (
  list: { value: string; label: string }[],
  chosen: string | number | undefined,
  anyText: string,
) => [
  { value: '', text: anyText },
  ...list.map((o) => ({ value: o.value, text: o.label, selected: String(chosen ?? '') === o.value })),
];

/** What the filter form, sub-navigation and every table need. */
function pageLocals(req: SignedInRequest, profile: WorkforceProfile, filters: ProfileFilters, currentSlug: string) {
  const f = profile.filters;
  const o = profile.options;
  const query = filterQuery(filters);
  return {
    profile,
    query,
    columnClass: 'govuk-grid-column-full',
    filterSummary: describeFilters(profile),
    partnershipName: req.partnership?.name ?? '',
    scopeText:
      profile.scope.kind === 'organisation'
        ? `${profile.scope.organisationName ?? 'Your organisation'} only`
        : (req.partnership?.name ?? 'The partnership'),
    suppressedNote: SUPPRESSED_NOTE,
    xExplanation: X_EXPLANATION,
    emptyNotice: emptyNotice(profile),
    subNav: [{ slug: '', title: 'Summary' }, ...SECTIONS].map((s) => ({
      href: `${PROFILE_PATH}${s.slug ? `/${s.slug}` : ''}${query}`,
      text: s.title,
      current: s.slug === currentSlug,
    })),
    filterForm: {
      action: `${PROFILE_PATH}${currentSlug ? `/${currentSlug}` : ''}`,
      censusDates: o.censusDates.map((d) => ({ value: d, text: formatDate(d), selected: d === f.censusDate })),
      services: optionItems(o.services, f.service, 'All services'),
      organisationTypes: optionItems(o.organisationTypes, f.organisationType, 'All types'),
      organisations:
        profile.scope.kind === 'partnership'
          ? optionItems(o.organisations, f.organisationId, 'All organisations')
          : null,
      workforceGroups: optionItems(o.workforceGroups, f.workforceGroup, 'Core and wider'),
      employmentTypes: optionItems(o.employmentTypes, f.employmentType, 'All employment types'),
      jobRoles: optionItems(o.jobRoles, f.jobRole, 'All job roles'),
      managersOnly: Boolean(f.managersOnly),
    },
  };
}

/** A table's rows formatted for the page. */
function viewTable(table: ProfileTable, query: string, pagePath: string) {
  const sep = query ? '&' : '?';
  return {
    ...table,
    header: [table.rowHeader, ...table.columns.map((c) => c.label)],
    numeric: table.columns.map((c) => c.format !== 'text'),
    cells: tableRows(table).map((r) => ({
      label: r.label,
      isTotal: r === table.totals,
      group: r.group,
      formats: table.columns.map((c) => cellFormat(table, r, c)),
      values: table.columns.map((c) => formatCell(r.values[c.key], cellFormat(table, r, c))),
    })),
    csvHref: `${pagePath}${query}${sep}format=csv&table=${encodeURIComponent(table.id)}`,
    xlsxHref: `${pagePath}${query}${sep}format=xlsx&table=${encodeURIComponent(table.id)}`,
  };
}

/** Answers `?format=csv|xlsx&table=id` with the table as a download; false when not asked. */
async function sendDownload(
  req: SignedInRequest,
  res: Response,
  profile: WorkforceProfile,
  tables: () => ProfileTable[],
): Promise<boolean> {
  const format = req.query.format;
  if (format !== 'csv' && format !== 'xlsx') return false;
  // Built only for a download: every section's tables with their charts cost more than the page.
  const table = tables().find((t) => t.id === req.query.table);
  if (!table) throw new NotFoundError('Table');
  const stem = `workforce-profile-${table.id}-${profile.filters.censusDate ?? 'no-date'}`;
  await sendTable(res, format, stem, tableSheets(profile, table, req.partnership?.name ?? ''));
  return true;
}

type ProfileLoader = (req: SignedInRequest) => Promise<{ filters: ProfileFilters; profile: WorkforceProfile }>;

/** A section's page: its partial, notes and tables with their charts, or one of its tables as a download. */
function sectionPage(load: ProfileLoader) {
  return async (req: SignedInRequest, res: Response): Promise<void> => {
    const section = sectionBySlug(String(req.params.section));
    if (!section) throw new NotFoundError();
    if (withoutOrganisation(req)) {
      showWithoutOrganisation(res);
      return;
    }
    const { filters, profile } = await load(req);
    const blocks = section.blocks(profile);
    if (await sendDownload(req, res, profile, () => blocks.map((b) => b.table))) return;
    const locals = pageLocals(req, profile, filters, section.slug);
    const pagePath = `${PROFILE_PATH}/${section.slug}`;
    renderPage(res, `${VIEWS}/section.njk`, `${section.title} – Workforce profile`, {
      ...locals,
      section,
      partial: `workforce/profile/sections/${section.slug}.njk`,
      notes: section.notes?.(profile) ?? [],
      blocks: (sectionHasFigures(section.slug, profile) ? blocks : []).map((b) => ({
        table: viewTable(b.table, locals.query, pagePath),
        chart: b.chart,
        wide: b.table.columns.length > 3,
      })),
      backLink: `${PROFILE_PATH}${locals.query}`,
    });
  };
}

export function profileRoutes(services: Services): Router {
  const router = Router();
  const profiles = services.profile;
  const load = async (req: SignedInRequest) => {
    const filters = parseFilters(req.query);
    return { filters, profile: await profiles.getProfile(req.actor, filters) };
  };

  router.use(profileSettingsRoutes(services));

  router.get(
    PROFILE_PATH,
    route('workforce:view-profile', async (req, res) => {
      if (withoutOrganisation(req)) {
        showWithoutOrganisation(res);
        return;
      }
      const { filters, profile } = await load(req);
      const summary = keyFiguresTable(profile);
      if (await sendDownload(req, res, profile, () => [summary, ...allTables(profile)])) return;
      const locals = pageLocals(req, profile, filters, '');
      renderPage(res, `${VIEWS}/summary.njk`, 'Workforce profile', {
        ...locals,
        figures: keyFigures(profile),
        rates: profile.empty ? null : ratesChart(profile),
        summaryTable: viewTable(summary, locals.query, PROFILE_PATH),
        sections: SECTIONS.map((s) => ({ ...s, href: `${PROFILE_PATH}/${s.slug}${locals.query}` })),
        reportHref: `${PROFILE_PATH}/report.pdf${locals.query}`,
        backLink: '/workforce',
        canManageSettings: hasCapability(req.actor, 'organisations:manage'),
      });
    }),
  );

  router.get(
    `${PROFILE_PATH}/report.pdf`,
    route('workforce:view-profile', async (req, res) => {
      const { profile } = await load(req);
      res.type('application/pdf');
      res.attachment(`workforce-profile-${profile.filters.censusDate ?? 'no-date'}.pdf`);
      res.send(await writeProfilePdf(profile, req.partnership?.name ?? ''));
    }),
  );

  router.get(
    DISCLOSURE_PAGE,
    route('workforce:view-profile', async (_req, res) => {
      renderPage(res, `${VIEWS}/about-figures.njk`, 'About the figures – Workforce profile', {
        base: ROUNDING_BASE,
        smallGroup: SMALL_GROUP,
        backLink: PROFILE_PATH,
      });
    }),
  );

  router.get(`${PROFILE_PATH}/:section`, route('workforce:view-profile', sectionPage(load)));

  return router;
}
