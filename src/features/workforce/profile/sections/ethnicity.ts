/*
 * Ethnicity and the community: the 5 ONS groups and 19 categories, then the comparison with the
 * local population (population-comparison.ts).
 */
import type { Protection } from '../../../../lib/disclosure.ts';
import { ETHNIC_GROUP_ROWS, ethnicGroupOf, sumKey, tally } from '../profile-build.ts';
import { ETHNICITY_CODES, type Group } from '../profile-groups.ts';
import { countTable } from '../profile-table.ts';
import type { ProfileTables } from '../profile-types.ts';
import { ETHNICITIES, codeLabel } from '../../standard/standard.ts';
import { bars, stacked, stackedComparison } from './charts.ts';
import { block, type ProfileSection } from './section.ts';

/** `now`: the groups of people in post at the census date. */
export function ethnicityTables(now: Group[], t: Protection): Pick<ProfileTables, 'ethnicGroup' | 'ethnicity'> {
  return {
    ethnicGroup: countTable(
      'ethnic-group',
      'People by ethnic group',
      'Ethnic group',
      ETHNIC_GROUP_ROWS.map((grp) => ({
        key: grp.code,
        label: grp.label,
        count: tally(now, (g) =>
          ETHNICITY_CODES.filter((e) => ethnicGroupOf(e) === grp.code).reduce((a, e) => a + (g.ethnicity[e] ?? 0), 0),
        ),
      })),
      t,
      { notes: ['Office for National Statistics Census 2021 ethnic groups.'] },
    ),
    ethnicity: countTable(
      'ethnicity',
      'People by ethnicity (19 categories)',
      'Ethnicity',
      ETHNICITY_CODES.map((e) => ({
        key: e,
        label: codeLabel(ETHNICITIES, e),
        group: ETHNICITIES.find((x) => x.code === e)?.group ?? undefined,
        count: sumKey(now, 'ethnicity', e),
      })),
      t,
    ),
  };
}

export const ethnicity: ProfileSection = {
  slug: 'ethnicity',
  title: 'Ethnicity and the community',
  intro: 'Ethnicity by the 5 ONS groups and 19 categories, compared with the local population at the 2021 Census.',
  blocks: ({ tables: t, comparison: c }) => [
    block(t.ethnicGroup, bars(t.ethnicGroup)),
    block(t.ethnicity),
    block(c.byGroup, stackedComparison(c.byGroup)),
    block(c.byCategory),
    block(c.byService, stacked(c.byService, 'percent', true)),
    block(c.managers, stacked(c.managers, 'percent', true)),
  ],
};
