/*
 * CWDC's checklist for reviewing a local workforce strategy (the 2007 LWS toolkit, "Checklist"),
 * in the toolkit's own words; the lists it gives under a question are kept as that question's
 * prompts. Keys are stable: answers are stored against them.
 */
export interface ChecklistQuestion {
  key: string;
  heading: string;
  text: string;
  prompts?: string[];
}

const CYPP = 'Children and Young People’s Plan';
const CHALLENGES = 'The four key challenges';
const ENGAGEMENT = 'Engagement';
const DELIVERY = 'Delivery';

export const CHECKLIST: ChecklistQuestion[] = [
  {
    key: 'cypp-strategic',
    heading: CYPP,
    text: 'Are workforce issues addressed at a strategic level, as an integral part of the development of the CYPP?',
  },
  {
    key: 'operational-plan',
    heading: CYPP,
    text: 'Operational plan: does this support and reflect the strategy outlined in the wider local Children and Young People’s Plan?',
  },
  {
    key: 'consulted',
    heading: CYPP,
    text: 'Have you consulted children, young people, parents and carers? Are their needs driving the strategy?',
  },
  { key: 'priorities', heading: CYPP, text: 'Does your strategy reflect both national and local priorities?' },
  {
    key: 'challenges',
    heading: CHALLENGES,
    text: 'Does your strategy address the four key challenges the Children’s Workforce Strategy identified, and its two priority sectors?',
    prompts: [
      'Recruitment',
      'Retention and development',
      'Closer integration of services',
      'Strengthening leadership, management and supervision',
      'The Early Years and Childcare Workforce',
      'Social work, social care and foster care',
    ],
  },
  {
    key: 'youth-matters',
    heading: CHALLENGES,
    text: 'Does your strategy reflect the need to establish new arrangements to support the development of young people in line with what is coming out of the Youth Matters Green Paper?',
  },
  {
    key: 'childcare-14-19',
    heading: CHALLENGES,
    text: 'Does your strategy reflect the changes in the local children and young people’s workforce that will be required in order to implement the 10 year childcare strategy and the 14-19 White Paper plans to deliver the new curriculum and qualifications for 14-19 year olds?',
  },
  {
    key: 'voluntary-independent',
    heading: ENGAGEMENT,
    text: 'Does your strategy reflect full engagement with the voluntary and independent sectors or set out clearly how this will be achieved?',
  },
  {
    key: 'volunteers',
    heading: ENGAGEMENT,
    text: 'Does your strategy include the volunteer workforce? Do you know which services are using volunteers locally?',
  },
  {
    key: 'trade-unions',
    heading: ENGAGEMENT,
    text: 'Does your strategy reflect full engagement with recognised trade unions, staff and professional associations?',
  },
  {
    key: 'partners',
    heading: ENGAGEMENT,
    text: 'Have you got all the following partners on board?',
    prompts: [
      'Children, young people, parents and carers',
      'All relevant areas of the local authority',
      'Schools representatives',
      'Early Years Networks and Partnerships',
      'Voluntary and independent (private) sector representatives',
      'Health, youth justice services, police and district councils (where appropriate)',
      'HEIs, FE and other training providers',
    ],
  },
  {
    key: 'smart',
    heading: DELIVERY,
    text: 'Are your objectives SMART (specific, measurable, achievable, realistic and with clear timescales)?',
  },
  {
    key: 'funding-gaps',
    heading: DELIVERY,
    text: 'Do you know what the funding gaps are and have you addressed them?',
  },
  {
    key: 'pilots',
    heading: DELIVERY,
    text: 'Have you identified pilot projects that will test new ways of working, with appropriate management arrangements?',
  },
  {
    key: 'short-term-wins',
    heading: DELIVERY,
    text: 'Have you included some short-term wins that will secure commitment and demonstrate real progress?',
  },
  {
    key: 'diversity',
    heading: DELIVERY,
    text: 'Have you addressed diversity issues including steps to provide pathways to employment and development for groups that are currently underrepresented in the local children’s workforce? How will you be monitoring progress in these areas?',
  },
  {
    key: 'disabilities',
    heading: DELIVERY,
    text: 'Are your workforce plans for services to children and young people with disabilities fully integrated?',
  },
  {
    key: 'leadership',
    heading: DELIVERY,
    text: 'Have you addressed the need to strengthen leadership, management and supervision, particularly in respect of situations where people will be managing across traditional boundaries?',
  },
  {
    key: 'regional',
    heading: DELIVERY,
    text: 'Have you identified areas where regional or sub-regional collaboration is likely to be effective?',
  },
  {
    key: 'local-area-agreements',
    heading: DELIVERY,
    text: 'Does your strategy take advantage of opportunities for flexibility offered by Local Area Agreements?',
  },
  {
    key: 'local-initiatives',
    heading: DELIVERY,
    text: 'Have you considered the work in your area of the local initiatives (for example Sure Start, children’s centres, extended schools, school nurses, CAMH and SEN joint commissioning, the Local Safeguarding Children Board)?',
  },
  { key: 'evaluation', heading: DELIVERY, text: 'Have you built in a robust evaluation and review mechanism?' },
];

export const ANSWERS = { yes: 'Yes', partly: 'Partly', no: 'No' } as const;
export type Answer = keyof typeof ANSWERS;
export const isAnswer = (value: string): value is Answer => value in ANSWERS;
