/** Coded lists for partner organisations (docs/domain.md §4 and the foundation issue). */

export const ORGANISATION_TYPES = {
  local_authority: 'Local authority',
  nhs_trust: 'NHS trust',
  school: 'School or academy',
  early_years: 'Early years setting',
  police: 'Police',
  youth_justice: 'Youth justice',
  voluntary: 'Voluntary or community organisation',
  private_provider: 'Private provider',
  other: 'Other',
} as const;

export const SECTORS = {
  statutory: 'Statutory',
  maintained: 'Maintained',
  private: 'Private',
  voluntary: 'Voluntary',
  independent: 'Independent',
} as const;

export const SERVICES = {
  early_years: 'Early years and childcare',
  education: 'Education',
  health: 'Health',
  social_care: 'Social care',
  youth: 'Youth',
  justice: 'Justice',
  sport_leisure: 'Sport, leisure, play and culture',
} as const;

export type OrganisationType = keyof typeof ORGANISATION_TYPES;
export type Sector = keyof typeof SECTORS;
export type Service = keyof typeof SERVICES;

export const label = <T extends Record<string, string>>(list: T, code: string): string =>
  (Object.hasOwn(list, code) ? list[code] : undefined) ?? code;
