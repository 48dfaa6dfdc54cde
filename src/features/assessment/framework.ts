/**
 * The One Children's Workforce Tool as shipped (docs/domain.md §1): 8 themes — the 7 arcs of
 * the rainbow, outermost first, over the Every Child Matters base — each scored at 8 stages,
 * 1 (very low) to 5 (very high). The seeds give no wording for the levels or descriptions:
 * these are defaults a partnership can edit.
 */

export interface ThemeDefinition {
  position: number;
  name: string;
  colour: string;
  description: string;
}
export interface StageDefinition {
  position: number;
  name: string;
  description: string;
}
export interface LevelDefinition {
  score: number;
  name: string;
  description: string;
}

export const DEFAULT_FRAMEWORK_NAME = 'One Children’s Workforce Tool';
export const POSITIONS = [1, 2, 3, 4, 5, 6, 7, 8] as const;
export const SCORES = [1, 2, 3, 4, 5] as const;

export const DEFAULT_THEMES: ThemeDefinition[] = [
  {
    position: 1,
    name: 'Shared identity, purpose and vision',
    colour: 'red',
    description:
      'Everyone who works with children, young people and families shares an identity, a purpose and a vision for them.',
  },
  {
    position: 2,
    name: 'Common values and language',
    colour: 'orange',
    description: 'People across services hold common values and use a common language about children and their needs.',
  },
  {
    position: 3,
    name: 'Behaviours focused on positive outcomes',
    colour: 'yellow',
    description: 'How people work is driven by improving outcomes for children, young people and families.',
  },
  {
    position: 4,
    name: 'Integrated working practices',
    colour: 'green',
    description:
      'Processes, tools and practice (such as common assessment and lead professional) work across organisational boundaries.',
  },
  {
    position: 5,
    name: 'High quality, appropriately trained workforce',
    colour: 'blue',
    description: 'People have the skills, knowledge and qualifications their roles need, and keep developing them.',
  },
  {
    position: 6,
    name: 'Complementary roles',
    colour: 'indigo',
    description: 'Roles fit together without gaps or duplication, and people understand each other’s roles.',
  },
  {
    position: 7,
    name: 'Capacity to deliver and keep children safe',
    colour: 'violet',
    description:
      'There are enough of the right people, well led and supported, to deliver services and safeguard children.',
  },
  {
    position: 8,
    name: 'Every Child Matters (ECM) outcomes',
    colour: 'ecm',
    description:
      'The workforce is organised around the five outcomes: be healthy, stay safe, enjoy and achieve, make a positive contribution, achieve economic well-being.',
  },
];

export const DEFAULT_STAGES: StageDefinition[] = [
  { position: 1, name: 'Define what’s needed', description: 'The need is understood and agreed, with evidence.' },
  {
    position: 2,
    name: 'Get the right people to help',
    description: 'The right partners, leaders and practitioners are involved.',
  },
  { position: 3, name: 'Develop it', description: 'Plans, tools and approaches are designed and tested.' },
  {
    position: 4,
    name: 'Get it working across the workforce',
    description: 'It is rolled out across services and sectors.',
  },
  { position: 5, name: 'Ensure it makes a difference', description: 'Its impact on children and families is checked.' },
  {
    position: 6,
    name: 'Make it user friendly',
    description: 'It is easy for practitioners, children and families to use.',
  },
  {
    position: 7,
    name: 'Get it established day-to-day',
    description: 'It is part of everyday practice, not a project.',
  },
  { position: 8, name: 'Regularly review and improve', description: 'It is reviewed and improved on a regular cycle.' },
];

export const DEFAULT_LEVELS: LevelDefinition[] = [
  { score: 1, name: 'Very low', description: 'Little or nothing is in place yet.' },
  { score: 2, name: 'Low', description: 'Some early steps, in a few places only.' },
  { score: 3, name: 'Moderate', description: 'In place in many places, but not consistently.' },
  { score: 4, name: 'High', description: 'In place across most of the workforce and working well.' },
  { score: 5, name: 'Very high', description: 'Fully established everywhere and continually improved.' },
];

/** The levels as stored in assessment_frameworks.levels_json, read defensively. */
export function parseLevels(json: string): LevelDefinition[] {
  try {
    const list: unknown = JSON.parse(json);
    if (Array.isArray(list) && list.length === 5) {
      return SCORES.map((score, i) => {
        const item: unknown = list[i];
        const stored = typeof item === 'object' && item !== null ? item : {};
        return {
          score,
          name: String(('name' in stored ? stored.name : undefined) ?? DEFAULT_LEVELS[i]?.name),
          description: String(('description' in stored ? stored.description : undefined) ?? ''),
        };
      });
    }
  } catch {
    /* fall through to the defaults */
  }
  return DEFAULT_LEVELS;
}
