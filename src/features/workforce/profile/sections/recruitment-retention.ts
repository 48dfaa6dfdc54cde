/* Recruitment and retention: starters, leavers and why people left, with the DfE rates by service. */
import { absenceRate, agencyRate, turnoverRate, vacancyRate } from '../measures.ts';
import { protectedRates, sumKey, type BuildContext } from '../profile-build.ts';
import { LEAVING_REASON_CODES, type Group, type VacancyGroup } from '../profile-groups.ts';
import { countTable, measureTable } from '../profile-table.ts';
import type { ProfileTables } from '../profile-types.ts';
import { LEAVING_REASONS, codeLabel, type Code } from '../../standard/standard.ts';
import { bars } from './charts.ts';
import { block, type ProfileSection } from './section.ts';

const rrExtra = (r: ReturnType<typeof protectedRates>) => ({
  fteInPost: r.fteInPost,
  leaversFte: r.leaversFte,
  agencyFte: r.agencyFte,
  sick: r.sick,
  vacancyFte: r.vacancyFte,
});

const COUNT_COLUMNS = [
  { key: 'inPost', label: 'Employees in post', format: 'count' },
  { key: 'starters', label: 'Starters', format: 'count' },
  { key: 'leavers', label: 'Leavers', format: 'count' },
  { key: 'agency', label: 'Agency workers', format: 'count' },
] as const;

/** A DfE rate column, computed from the row's protected FTE (its `extra`). */
const rate = (key: string, label: string, uses: string[], of: (e: Record<string, number>) => number | null) => ({
  key,
  label,
  format: 'percent' as const,
  uses,
  compute: (_c: Record<string, number>, e: Record<string, number>) => of(e),
});

type RetentionTables = Pick<ProfileTables, 'recruitmentRetention' | 'leavingReason'>;

/** `services`: the services with anyone (or any vacancy) in the selection. */
export function retentionTables(
  groups: Group[],
  vacancies: VacancyGroup[],
  services: Code[],
  ctx: BuildContext,
): RetentionTables {
  const t = ctx.protection;
  const rows = services.map((s) => {
    const r = protectedRates(
      groups.filter((g) => g.service === s.code),
      vacancies.filter((v) => v.service === s.code),
      t,
    );
    return {
      key: s.code,
      label: s.label,
      counts: { inPost: r.inPost, starters: r.starters, leavers: r.leavers, agency: r.agency },
      extra: rrExtra(r),
    };
  });
  const leavers = groups.filter((g) => g.status === 'leaver');
  return {
    recruitmentRetention: measureTable(
      'recruitment-retention',
      'Recruitment and retention by service',
      'Service',
      rows,
      [...COUNT_COLUMNS],
      [
        { key: 'fteInPost', label: 'FTE in post', format: 'fte', uses: [], compute: (_c, e) => e.fteInPost! },
        rate('turnoverRate', 'Turnover rate %', ['inPost', 'leavers'], (e) =>
          turnoverRate(e.leaversFte!, e.fteInPost!),
        ),
        rate('vacancyRate', 'Vacancy rate %', ['inPost'], (e) => vacancyRate(e.vacancyFte!, e.fteInPost!)),
        rate('agencyRate', 'Agency rate %', ['inPost', 'agency'], (e) => agencyRate(e.agencyFte!, e.fteInPost!)),
        rate('absenceRate', 'Absence rate %', ['inPost'], (e) => absenceRate(e.sick!, e.fteInPost!, ctx.workingDays)),
      ],
      t,
      {
        notes: ['Rates as the Department for Education defines them for the children’s social work workforce census.'],
        totalExtra: rrExtra(protectedRates(groups, vacancies, t)),
      },
    ),
    leavingReason: countTable(
      'leaving-reason',
      'Leavers by reason for leaving',
      'Reason',
      LEAVING_REASON_CODES.map((c) => ({
        key: c,
        label: codeLabel(LEAVING_REASONS, c),
        count: sumKey(leavers, 'reason', c),
      })),
      t,
      { notes: ['Employees who left in the 12 months up to the census date.'] },
    ),
  };
}

export const recruitmentRetention: ProfileSection = {
  slug: 'recruitment-retention',
  title: 'Recruitment and retention',
  intro: 'Starters, leavers and why people left, with turnover, vacancy, agency and absence rates.',
  blocks: ({ tables: t }) => [
    block(t.recruitmentRetention, bars(t.recruitmentRetention, ['percent'], '%')),
    block(t.leavingReason, bars(t.leavingReason)),
  ],
};
