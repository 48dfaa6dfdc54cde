/* Benchmarks: children's social workers against the Department for Education's published figures. */
import { protectDerived, type Protection } from '../../../../lib/disclosure.ts';
import { formatDate } from '../../../../lib/dates.ts';
import { absenceRate, agencyRate, turnoverRate, vacancyRate } from '../measures.ts';
import { protectedRates } from '../profile-build.ts';
import type { Group, VacancyGroup } from '../profile-groups.ts';
import { plainTable } from '../profile-table.ts';
import type { BenchmarkAreaKind, Benchmarks, ProfileRow, WorkforceProfile } from '../profile-types.ts';
import { CSWW_SOURCE, ENGLAND_CODE, latestCswwYear, publishedRates, regionOf } from '../reference.ts';
import { JOB_ROLES, codeLabel } from '../../standard/standard.ts';
import { bars } from './charts.ts';
import { block, type ProfileSection } from './section.ts';

/** Job roles counted as children's social workers for the DfE benchmarks. */
export const CHILDRENS_SOCIAL_WORK_ROLES = ['childrens_social_worker', 'social_work_manager'];

export function buildBenchmarks(
  groups: Group[],
  vacancies: VacancyGroup[],
  settings: { localAuthorityCode: string | null; statisticalNeighbours: string[]; workingDays: number },
  protection: Protection,
): Benchmarks {
  const year = latestCswwYear();
  const csw = groups.filter((g) => CHILDRENS_SOCIAL_WORK_ROLES.includes(g.job_role));
  const r = protectedRates(
    csw,
    vacancies.filter((v) => CHILDRENS_SOCIAL_WORK_ROLES.includes(v.job_role)),
    protection,
  );
  const hide = (v: number | null) => protectDerived(v, [r.inPost], protection);
  const rowKinds: Record<string, BenchmarkAreaKind> = { partnership: 'partnership' };
  const rows: ProfileRow[] = [
    {
      key: 'partnership',
      label: 'This partnership (latest census date)',
      values: {
        turnoverRate: hide(turnoverRate(r.leaversFte, r.fteInPost)),
        agencyRate: hide(agencyRate(r.agencyFte, r.fteInPost)),
        vacancyRate: hide(vacancyRate(r.vacancyFte, r.fteInPost)),
        absenceRate: hide(absenceRate(r.sick, r.fteInPost, settings.workingDays)),
      },
    },
  ];
  const add = (code: string | null, kind: BenchmarkAreaKind) => {
    if (!code || rowKinds[code]) return;
    const p = publishedRates(code, year);
    if (!p) return;
    rowKinds[code] = kind;
    const suffix =
      kind === 'neighbour'
        ? ' (statistical neighbour)'
        : kind === 'region'
          ? ' (region)'
          : kind === 'local_authority'
            ? ' (local authority)'
            : '';
    rows.push({
      key: code,
      label: `${p.name}${suffix}`,
      values: { turnoverRate: p.turnover, agencyRate: p.agency, vacancyRate: p.vacancy, absenceRate: p.absence },
    });
  };
  add(settings.localAuthorityCode, 'local_authority');
  add(settings.localAuthorityCode ? regionOf(settings.localAuthorityCode) : null, 'region');
  add(ENGLAND_CODE, 'england');
  for (const code of settings.statisticalNeighbours) add(code, 'neighbour');
  const table = plainTable(
    'benchmarks',
    `Children’s social workers: rates against DfE published figures (latest published: ${year ?? 'none held'})`,
    'Area',
    [
      { key: 'turnoverRate', label: 'Turnover rate %', format: 'percent' },
      { key: 'agencyRate', label: 'Agency rate %', format: 'percent' },
      { key: 'vacancyRate', label: 'Vacancy rate %', format: 'percent' },
      { key: 'absenceRate', label: 'Absence rate %', format: 'percent' },
    ],
    rows,
    [
      `Published figures: ${CSWW_SOURCE}, latest published: ${year ?? 'none held'} (FTE rates). Not published: shown as not available.`,
      `Job roles counted: ${CHILDRENS_SOCIAL_WORK_ROLES.map((c) => codeLabel(JOB_ROLES, c)).join(', ')}.`,
    ],
  );
  return { year, jobRoles: CHILDRENS_SOCIAL_WORK_ROLES, rowKinds, table, source: CSWW_SOURCE };
}

/** Which year DfE's published figures are from, against the partnership's census date. */
export function benchmarkYearSentence(profile: WorkforceProfile): string {
  const b = profile.benchmarks;
  const roles = b.jobRoles.length ? ` (${b.jobRoles.map((r) => codeLabel(JOB_ROLES, r)).join(', ')})` : '';
  const census = profile.filters.censusDate;
  const ours = census ? `This partnership's rates are for the census date ${formatDate(census)}. ` : '';
  const theirs = b.year
    ? `DfE's are the latest published: ${b.year}${census && !census.startsWith(b.year) ? ', an earlier year, so differences may partly be change over time' : ''}.`
    : 'No DfE figures are held.';
  return `Children's social workers${roles}. ${ours}${theirs} ${b.source}`;
}

export const benchmarks: ProfileSection = {
  slug: 'benchmarks',
  title: 'Benchmarks',
  intro: 'Children’s social workers against the Department for Education’s published figures.',
  blocks: ({ benchmarks: b }) => [block(b.table, bars(b.table, ['percent'], '%'))],
  notes: (profile) => [benchmarkYearSentence(profile)],
  shownWhenEmpty: true,
};
