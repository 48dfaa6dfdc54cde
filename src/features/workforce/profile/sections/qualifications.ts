/* Qualifications and apprentices: RQF levels, people below their service's minimum, apprentices by service. */
import { percent } from '../measures.ts';
import { below, current, level3, levelKnown, sumKey, tally, type BuildContext } from '../profile-build.ts';
import { QUALIFICATION_CODES, type Group } from '../profile-groups.ts';
import { countTable, measureTable } from '../profile-table.ts';
import type { ProfileTables } from '../profile-types.ts';
import { QUALIFICATION_LEVELS, SERVICE_CODES, codeLabel, type Code } from '../../standard/standard.ts';
import { bars } from './charts.ts';
import { block, type ProfileSection } from './section.ts';

type QualificationTables = Pick<ProfileTables, 'qualification' | 'qualificationByService' | 'apprentices'>;

/** `services`: the services with anyone (or any vacancy) in the selection. */
export function qualificationTables(groups: Group[], services: Code[], ctx: BuildContext): QualificationTables {
  const t = ctx.protection;
  const now = current(groups);
  const minimumNote = Object.entries(ctx.minimums)
    .map(([s, l]) => `${codeLabel(SERVICE_CODES, s)}: RQF level ${l}`)
    .join('; ');
  const inService = (s: Code) => now.filter((g) => g.service === s.code);
  return {
    qualification: countTable(
      'qualification',
      'People by highest qualification (RQF level)',
      'Qualification level',
      QUALIFICATION_CODES.map((c) => ({
        key: c,
        label: codeLabel(QUALIFICATION_LEVELS, c),
        count: sumKey(now, 'qualification', c),
      })),
      t,
    ),
    qualificationByService: measureTable(
      'qualification-by-service',
      'Qualifications by service',
      'Service',
      services.map((s) => ({
        key: s.code,
        label: s.label,
        counts: {
          headcount: tally(inService(s), (g) => g.n),
          known: tally(inService(s), levelKnown),
          level3: tally(inService(s), level3),
          below: tally(inService(s), (g) => below(g, ctx.minimums)),
        },
      })),
      [
        { key: 'headcount', label: 'Headcount', format: 'count' },
        { key: 'known', label: 'Level known', format: 'count' },
        { key: 'level3', label: 'Level 3 or above', format: 'count' },
        { key: 'below', label: 'Below the minimum', format: 'count' },
      ],
      [
        {
          key: 'level3Percent',
          label: '% level 3 or above',
          format: 'percent',
          uses: ['known', 'level3'],
          compute: (c) => percent(c.level3!, c.known!),
        },
      ],
      t,
      { notes: [minimumNote ? `Minimum qualification: ${minimumNote}.` : 'No minimum qualification set.'] },
    ),
    apprentices: countTable(
      'apprentices',
      'Apprentices by service',
      'Service',
      services.map((s) => ({ key: s.code, label: s.label, count: tally(inService(s), (g) => g.apprentices) })),
      t,
    ),
  };
}

export const qualifications: ProfileSection = {
  slug: 'qualifications',
  title: 'Qualifications and apprentices',
  intro:
    'Highest qualification by Regulated Qualifications Framework (RQF) level, people below their service’s minimum, and apprentices.',
  blocks: ({ tables: t }) => [
    block(t.qualification, bars(t.qualification)),
    block(t.qualificationByService, bars(t.qualificationByService, ['percent'], '%', 'level3Percent')),
    block(t.apprentices, bars(t.apprentices)),
  ],
};
