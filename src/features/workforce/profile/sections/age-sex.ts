/* Age and sex: the age profile of the people in post, by sex (the pyramid), and by age band and sex alone. */
import type { Protection } from '../../../../lib/disclosure.ts';
import { ageCount, ageLabel, tally } from '../profile-build.ts';
import { AGE_CODES, SEX_CODES, type Group } from '../profile-groups.ts';
import { countTable, crossTable } from '../profile-table.ts';
import type { ProfileTables } from '../profile-types.ts';
import { SEXES, codeLabel } from '../../standard/standard.ts';
import { bars, pyramid } from './charts.ts';
import { block, type ProfileSection } from './section.ts';

/** `now`: the groups of people in post at the census date. */
export function ageSexTables(now: Group[], t: Protection): Pick<ProfileTables, 'ageBand' | 'ageSex' | 'sex'> {
  return {
    ageBand: countTable(
      'age-band',
      'People by age band',
      'Age band',
      AGE_CODES.map((a) => ({ key: a, label: ageLabel(a), count: tally(now, (g) => ageCount(g, a)) })),
      t,
      { notes: ['Age at the census date, from the year of birth.'] },
    ),
    ageSex: crossTable(
      'age-sex',
      'People by age band and sex',
      'Age band',
      AGE_CODES.map((a) => ({
        key: a,
        label: ageLabel(a),
        counts: SEX_CODES.map((s) => tally(now, (g) => g.ageSex[`${a}|${s}`] ?? 0)),
      })),
      SEX_CODES.map((s) => ({ key: s, label: codeLabel(SEXES, s) })),
      t,
    ),
    sex: countTable(
      'sex',
      'People by sex',
      'Sex',
      SEX_CODES.map((s) => ({
        key: s,
        label: codeLabel(SEXES, s),
        count: tally(now, (g) => AGE_CODES.reduce((a, age) => a + (g.ageSex[`${age}|${s}`] ?? 0), 0)),
      })),
      t,
    ),
  };
}

export const ageSex: ProfileSection = {
  slug: 'age-sex',
  title: 'Age and sex',
  intro: 'The age profile of the people in post, by sex, and the share aged 55 or over.',
  blocks: ({ tables: t }) => [
    block(t.ageSex, pyramid(t.ageSex)),
    block(t.ageBand, bars(t.ageBand)),
    block(t.sex, bars(t.sex)),
  ],
};
