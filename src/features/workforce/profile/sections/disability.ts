/* Disability: people in post by disability, as they declared it. */
import type { Protection } from '../../../../lib/disclosure.ts';
import { sumKey } from '../profile-build.ts';
import { DISABILITY_CODES, type Group } from '../profile-groups.ts';
import { countTable } from '../profile-table.ts';
import type { ProfileTables } from '../profile-types.ts';
import { DISABILITY, codeLabel } from '../../standard/standard.ts';
import { bars } from './charts.ts';
import { block, type ProfileSection } from './section.ts';

/** `now`: the groups of people in post at the census date. */
export function disabilityTables(now: Group[], t: Protection): Pick<ProfileTables, 'disability'> {
  return {
    disability: countTable(
      'disability',
      'People by disability',
      'Disability',
      DISABILITY_CODES.map((c) => ({ key: c, label: codeLabel(DISABILITY, c), count: sumKey(now, 'disability', c) })),
      t,
    ),
  };
}

export const disability: ProfileSection = {
  slug: 'disability',
  title: 'Disability',
  intro: 'People in post by disability, as they declared it.',
  blocks: ({ tables: t }) => [block(t.disability, bars(t.disability))],
};
