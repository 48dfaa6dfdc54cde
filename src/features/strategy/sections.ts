/*
 * The sections of a strategy, in the order of CWDC's suggested framework (the 2007 LWS toolkit,
 * docs/domain.md "The strategy document"). The hints paraphrase the toolkit's advice on each.
 */
export const SECTIONS = [
  {
    key: 'vision',
    title: 'Vision',
    hint: 'The partnership’s vision for its children’s workforce, national and local.',
  },
  {
    key: 'scope',
    title: 'Scope',
    hint: 'Who the strategy covers: paid and unpaid, core and wider workforce, sectors.',
  },
  {
    key: 'current-position',
    title: 'Current position and analysis',
    hint: 'Where the workforce stands today, with a SWOT or STEEP analysis and the self-assessment’s findings.',
  },
  {
    key: 'workforce-data',
    title: 'Workforce data and data issues',
    hint: 'What the workforce returns show (turnover, vacancies, agency use) and the gaps in the data.',
  },
  {
    key: 'views-and-needs',
    title: 'Views and needs of children, young people, families and carers',
    hint: 'How children, young people, parents and carers were consulted, and what they said.',
  },
  {
    key: 'objectives',
    title: 'Statement of objectives',
    hint: 'SMART objectives: specific, measurable, achievable, realistic and timed.',
  },
  { key: 'priorities', title: 'Priority areas for the year', hint: 'The priorities for this year of the strategy.' },
  { key: 'pilots', title: 'Pilot initiatives planned', hint: 'Pilots that will test new ways of working.' },
  { key: 'managing-change', title: 'Managing the change', hint: 'How the change will be led and supported.' },
  { key: 'actions', title: 'Key and detailed actions', hint: 'The key actions; the action plan holds the detail.' },
  { key: 'risks', title: 'Risks', hint: 'The main risks to the strategy; the risk register holds the detail.' },
  {
    key: 'resources',
    title: 'Resource requirements and opportunities to pool resources',
    hint: 'Funding, its gaps, and what partners put into the pooled budget.',
  },
  {
    key: 'evaluation',
    title: 'Evaluation and review arrangements',
    hint: 'How progress is reported (quarterly to the board) and when the strategy is reviewed.',
  },
] as const;

export type SectionKey = (typeof SECTIONS)[number]['key'];
export const sectionTitle = (key: string) => SECTIONS.find((s) => s.key === key)?.title ?? key;
