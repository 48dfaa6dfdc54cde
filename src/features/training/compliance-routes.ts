/*
 * Training compliance pages (issue 14, point 8): the partnership's matrix (protected), one
 * organisation's matrix with its "lapsing within 90 days" list, a practitioner's own status, and
 * the requirements per job role. Each downloads as CSV or XLSX.
 */
import { z } from 'zod';
import { hasCapability, type Actor } from '../../auth/actor.ts';
import type { Services } from '../../services.ts';
import { formatDate, todayInLondon } from '../../lib/dates.ts';
import { sendTable } from '../../lib/spreadsheet.ts';
import { DISCLOSURE_NOTE, DISCLOSURE_PAGE } from '../../lib/disclosure.ts';
import { definePage, idParam, redirectTo, type Page, type SubmittedForm } from '../../web/kit/page.ts';
import { hoursText, label, LEVELS } from './codes.ts';
import { compliancePaths as paths } from './compliance-paths.ts';
import { COMPLIANCE_LABELS, DUE_WITHIN_DAYS } from './compliance-rules.ts';
import type { RequirementRow } from './compliance-repository.ts';
import { jobRoleName, jobRoleOptions, options } from './view-model.ts';

const VIEWS = 'training/views';
const byId = z.object({ id: idParam });
const anyForm = z.record(z.string(), z.unknown());
const downloadQuery = z.object({ format: z.enum(['csv', 'xlsx']).catch('csv') });
type Compliance = Services['training']['compliance'];
type OrganisationData = Awaited<ReturnType<Compliance['organisationMatrix']>> & {
  lapsing: Awaited<ReturnType<Compliance['lapsing']>>['rows'];
};

const describeRequirement = (r: RequirementRow) =>
  `${label(LEVELS, r.level)}: ${hoursText(r.minutes)} in ${r.period_months} months`;
const shown = (value: number | string | null) => (value === null ? 'No return' : String(value));
const percentText = (value: number | string | null) =>
  value === null ? 'No return' : value === 'none' ? 'None in post' : typeof value === 'number' ? `${value}%` : value;

/** The rule of a role's requirement; each matrix cell is for a role that has one. */
function ruleFor(requirements: RequirementRow[], jobRole: string): string {
  const requirement = requirements.find((r) => r.job_role === jobRole);
  if (!requirement) throw new Error(`No training requirement for the job role ${jobRole}`);
  return describeRequirement(requirement);
}

function partnershipPages(compliance: Compliance): Page[] {
  const matrix = definePage({
    path: paths.compliance,
    access: 'training:catalogue',
    load: async ({ actor }) => {
      const home = compliance.home(actor);
      if (home === 'own') return redirectTo(paths.ownCompliance());
      if (home === 'organisation') return redirectTo(paths.organisationCompliance({ id: actor.organisationId ?? 0 }));
      return compliance.partnershipMatrix(actor);
    },
    view: (data, { actor }) => ({
      template: `${VIEWS}/compliance.njk`,
      title: 'Training compliance',
      locals: {
        roles: data.requirements.map((r) => ({ name: jobRoleName(r.job_role), rule: describeRequirement(r) })),
        rows: data.rows.map((row) => ({
          name: row.organisation.name,
          href: hasCapability(actor, 'training:manage')
            ? paths.organisationCompliance({ id: row.organisation.id })
            : null,
          cells: row.cells.map((c) => ({ percent: percentText(c.percent), headcount: shown(c.headcount) })),
          total: { percent: percentText(row.total.percent), headcount: shown(row.total.headcount) },
        })),
        totals: data.totals.map((c) => ({ percent: percentText(c.percent), headcount: shown(c.headcount) })),
        grand: { percent: percentText(data.grand.percent), headcount: shown(data.grand.headcount) },
        note: DISCLOSURE_NOTE,
        aboutFigures: DISCLOSURE_PAGE,
        canManage: hasCapability(actor, 'training:manage'),
        links: paths,
        downloadHref: `${paths.complianceDownload()}?format=csv`,
        xlsxHref: `${paths.complianceDownload()}?format=xlsx`,
        columnClass: 'govuk-grid-column-full',
      },
    }),
  });

  const download = definePage({
    path: paths.complianceDownload,
    access: 'training:view',
    query: downloadQuery,
    handle: async ({ actor, res, query }) => {
      const data = await compliance.partnershipMatrix(actor);
      const rows = [
        ...data.rows.flatMap((r) => [...r.cells, r.total].map((c) => ({ ...c, org: r.organisation.name }))),
        ...[...data.totals, data.grand].map((c) => ({ ...c, org: 'All organisations' })),
      ];
      await sendTable(res, query.format, `training-compliance-${todayInLondon()}`, [
        {
          name: 'Compliance',
          header: ['Organisation', 'Job role', 'Headcount (latest return)', 'Compliant', 'Percent compliant', 'Note'],
          rows: rows.map((c) => [
            c.org,
            c.jobRole ? jobRoleName(c.jobRole) : 'All roles',
            c.headcount ?? 'No return',
            c.compliant,
            percentText(c.percent),
            DISCLOSURE_NOTE,
          ]),
        },
      ]);
    },
  });
  return [matrix, download];
}

const organisationView = (data: OrganisationData, actor: Actor) => ({
  template: `${VIEWS}/compliance-organisation.njk`,
  title: `Training compliance: ${data.organisation.name}`,
  locals: {
    organisation: data.organisation,
    censusDate: data.censusDate ? formatDate(data.censusDate) : null,
    cells: data.cells.map((c) => ({
      ...c,
      role: jobRoleName(c.jobRole),
      rule: ruleFor(data.requirements, c.jobRole),
      headcountText: shown(c.headcount),
      percentText: c.percent === null ? 'No return' : `${c.percent}%`,
    })),
    lapsing: data.lapsing.map((p) => ({
      ...p,
      role: jobRoleName(p.job_role),
      statusName: COMPLIANCE_LABELS[p.status],
      lapsesOnText: p.status === 'due' ? formatDate(p.lapsesOn) : 'Lapsed',
      counted: `${hoursText(p.minutes)} of ${hoursText(p.need)}`,
    })),
    dueDays: DUE_WITHIN_DAYS,
    canRecord: hasCapability(actor, 'training:book'),
    recordHref: paths.newRecord(),
    downloadHref: `${paths.organisationDownload({ id: data.organisation.id })}?format=csv`,
    backLink: hasCapability(actor, 'training:view') ? paths.compliance() : undefined,
    columnClass: 'govuk-grid-column-full',
  },
});

function organisationPages(compliance: Compliance): Page[] {
  const load = async (actor: Actor, id: number): Promise<OrganisationData> => {
    const [matrix, lapsing] = [await compliance.organisationMatrix(actor, id), await compliance.lapsing(actor, id)];
    return { ...matrix, lapsing: lapsing.rows };
  };
  const page = definePage({
    path: paths.organisationCompliance,
    access: 'training:book',
    params: byId,
    load: ({ actor, params }) => load(actor, params.id),
    view: (data, { actor }) => organisationView(data, actor),
  });
  const download = definePage({
    path: paths.organisationDownload,
    access: 'training:book',
    params: byId,
    query: downloadQuery,
    handle: async ({ actor, params, res, query }) => {
      const data = await load(actor, params.id);
      await sendTable(res, query.format, `training-compliance-${data.organisation.name}-${todayInLondon()}`, [
        {
          name: 'By job role',
          header: [
            'Job role',
            'Requirement',
            'Headcount (latest return)',
            'Registered',
            'Compliant',
            'Due within 90 days',
            'Lapsed',
            'Percent compliant',
          ],
          rows: data.cells.map((c) => [
            jobRoleName(c.jobRole),
            ruleFor(data.requirements, c.jobRole),
            c.headcount,
            c.people,
            c.compliant,
            c.due,
            c.lapsed,
            c.percent,
          ]),
        },
        {
          name: 'Lapsing',
          header: ['Name', 'Email', 'Job role', 'Status', 'Lapses on', 'Minutes counted', 'Minutes needed'],
          rows: data.lapsing.map((p) => [
            p.name,
            p.email,
            jobRoleName(p.job_role),
            COMPLIANCE_LABELS[p.status],
            p.status === 'due' ? p.lapsesOn : '',
            p.minutes,
            p.need,
          ]),
        },
      ]);
    },
  });
  return [page, download];
}

const ownPage = (compliance: Compliance): Page =>
  definePage({
    path: paths.ownCompliance,
    access: 'training:book-own',
    load: ({ actor }) => compliance.own(actor),
    view: (data) => ({
      template: `${VIEWS}/compliance-own.njk`,
      title: 'Your training compliance',
      locals: {
        data,
        rule: data?.requirement ? describeRequirement(data.requirement) : null,
        statusName: data?.status ? COMPLIANCE_LABELS[data.status.status] : null,
        lapsesOn: data?.status ? formatDate(data.status.lapsesOn) : null,
        counted: data?.status ? hoursText(data.status.minutes) : null,
        entries: (data?.entries ?? []).map((e) => ({
          ...e,
          when: formatDate(e.on_date),
          hours: hoursText(e.minutes),
          levelName: label(LEVELS, e.level),
        })),
      },
    }),
  });

const requirementForm = (title: string, action: string, values: Record<string, unknown>, form?: SubmittedForm) => {
  const v = form?.values ?? values;
  const pick = (name: string) => {
    const value = v[name];
    return typeof value === 'string' ? [value] : [];
  };
  return {
    template: `${VIEWS}/requirement-form.njk`,
    title,
    locals: {
      values: v,
      heading: title,
      action,
      roleItems: [{ value: '', text: 'Select a job role' }, ...jobRoleOptions(pick('job_role'))],
      levelItems: [{ value: '', text: 'Select a level' }, ...options(LEVELS, pick('level'))],
      backLink: paths.requirements(),
    },
  };
};

function requirementPages(compliance: Compliance): Page[] {
  const list = definePage({
    path: paths.requirements,
    access: 'training:manage',
    load: ({ actor }) => compliance.requirements(actor),
    view: (rows) => ({
      template: `${VIEWS}/requirements.njk`,
      title: 'Training requirements by job role',
      locals: {
        rows: rows.map((r) => ({
          ...r,
          role: jobRoleName(r.job_role),
          rule: describeRequirement(r),
          href: paths.editRequirement({ id: r.id }),
        })),
        newHref: paths.newRequirement(),
        backLink: paths.compliance(),
      },
    }),
  });
  const add = definePage({
    path: paths.newRequirement,
    access: 'training:manage',
    form: anyForm,
    view: (_d, _c, form) =>
      requirementForm('Add a training requirement', paths.newRequirement(), { period_months: '36' }, form),
    submit: async ({ actor, form }) => {
      const saved = await compliance.saveRequirement(actor, form);
      return { redirect: paths.requirements(), flash: `The requirement for ${jobRoleName(saved.job_role)} is added` };
    },
  });
  const edit = definePage({
    path: paths.editRequirement,
    access: 'training:manage',
    params: byId,
    form: anyForm,
    load: ({ actor, params }) => compliance.requirement(actor, params.id),
    view: (r, _c, form) =>
      requirementForm(
        `Change the requirement for ${jobRoleName(r.job_role)}`,
        paths.editRequirement({ id: r.id }),
        { ...r, hours: String(r.minutes / 60) },
        form,
      ),
    submit: async ({ actor, params, form }) => {
      const saved = await compliance.saveRequirement(actor, form, params.id);
      return {
        redirect: paths.requirements(),
        flash: `Changes to the requirement for ${jobRoleName(saved.job_role)} are saved`,
      };
    },
  });
  return [list, add, edit];
}

export function compliancePages(services: Services): Page[] {
  const { compliance } = services.training;
  return [
    ...partnershipPages(compliance),
    ...requirementPages(compliance),
    ownPage(compliance),
    ...organisationPages(compliance),
  ];
}
