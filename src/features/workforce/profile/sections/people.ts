/* People, services and roles: headcount and FTE by service, organisation, role, group and employment type. */
import { ORGANISATION_TYPES } from '../../../accounts/organisation-codes.ts';
import { current, type BuildContext } from '../profile-build.ts';
import type { Group } from '../profile-groups.ts';
import { countTable, type CountRow } from '../profile-table.ts';
import type { ProfileTables } from '../profile-types.ts';
import { EMPLOYMENT_TYPES, JOB_ROLES, SERVICE_CODES, WORKFORCE_GROUPS, type Code } from '../../standard/standard.ts';
import { bars } from './charts.ts';
import { block, type ProfileSection } from './section.ts';

/** Rows for a coded dimension, with 'Not recorded' for blanks when there are any. */
function byCode(groups: Group[], codes: readonly Code[], keyOf: (g: Group) => string, dropEmpty = false): CountRow[] {
  const rows: CountRow[] = codes.map((c) => ({ key: c.code, label: c.label, count: { n: 0, k: 0 }, fte: 0 }));
  const other: CountRow = { key: 'not_recorded', label: 'Not recorded', count: { n: 0, k: 0 }, fte: 0 };
  for (const g of groups) {
    const row = rows.find((r) => r.key === keyOf(g)) ?? other;
    row.count.n += g.n;
    row.count.k += g.twin?.n ?? 0;
    row.fte = (row.fte ?? 0) + g.fte;
  }
  const all = other.count.n ? [...rows, other] : rows;
  return dropEmpty ? all.filter((r) => r.count.n > 0) : all;
}

type PeopleTables = Pick<
  ProfileTables,
  'service' | 'organisation' | 'organisationType' | 'jobRole' | 'workforceGroup' | 'employmentType'
>;

export function peopleTables(groups: Group[], ctx: BuildContext): PeopleTables {
  const t = ctx.protection;
  const now = current(groups);
  const orgType = (id: number) => ctx.organisations.find((o) => o.id === id)?.type ?? 'other';
  const orgCodes: Code[] = ctx.organisations.map((o) => ({ code: String(o.id), label: o.name }));
  const typeCodes: Code[] = Object.entries(ORGANISATION_TYPES).map(([code, label]) => ({ code, label }));
  const table = (id: string, noun: string, header: string, rows: CountRow[]) =>
    countTable(id, `People by ${noun}`, header, rows, t, { fte: true });
  return {
    service: table(
      'service',
      'service',
      'Service',
      byCode(now, SERVICE_CODES, (g) => g.service),
    ),
    organisation: table(
      'organisation',
      'organisation',
      'Organisation',
      byCode(now, orgCodes, (g) => String(g.organisation_id), true),
    ),
    organisationType: table(
      'organisation-type',
      'type of organisation',
      'Type of organisation',
      byCode(now, typeCodes, (g) => orgType(g.organisation_id), true),
    ),
    jobRole: table(
      'job-role',
      'job role',
      'Job role',
      byCode(now, JOB_ROLES, (g) => g.job_role, true),
    ),
    workforceGroup: table(
      'workforce-group',
      'workforce group',
      'Workforce group',
      byCode(now, WORKFORCE_GROUPS, (g) => g.workforce_group),
    ),
    employmentType: table(
      'employment-type',
      'employment type',
      'Employment type',
      byCode(now, EMPLOYMENT_TYPES, (g) => g.employment_type),
    ),
  };
}

export const people: ProfileSection = {
  slug: 'people',
  title: 'People, services and roles',
  intro:
    'Headcount and full-time equivalent (FTE) by service, organisation, role, workforce group and employment type.',
  blocks: ({ tables: t }) =>
    [t.service, t.organisationType, t.organisation, t.jobRole, t.workforceGroup, t.employmentType].map((table) =>
      block(table, bars(table)),
    ),
};
