/*
 * Demoshire's glossary: the acronyms the seed strategies use (CWDC, OCWT, ECM, LSCB, CAF, NQSW and
 * the rest) and today's successors, each with its expansion and a plain-English definition.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../lib/time.ts';
import { termKey } from './glossary-service.ts';

const TERMS: [term: string, expansion: string, definition: string][] = [
  [
    'ASC-WDS',
    'Adult Social Care Workforce Data Set',
    'The national return of adult social care staff records, run by Skills for Care. Partners who also provide adult care can load it instead of a separate return.',
  ],
  [
    'BME',
    'Black and minority ethnic',
    'An older grouping of ethnic groups other than White British, used in the seed strategies when comparing the workforce with the children it serves.',
  ],
  [
    'CAF',
    'Common Assessment Framework',
    'A shared form and process for any practitioner to assess a child’s extra needs early and agree who will help. Replaced in most areas by Early Help Assessment.',
  ],
  [
    'CCG',
    'Clinical Commissioning Group',
    'The NHS body that planned and paid for local health services until 2022, when integrated care boards took over.',
  ],
  [
    'CPD',
    'Continuing professional development',
    'The learning a practitioner keeps doing after qualifying, such as courses, supervision and reading, to stay skilled and registered.',
  ],
  [
    'CSC',
    'Children’s social care',
    'The council’s services for children in need, children who need protection and children in care, and the social workers who provide them.',
  ],
  [
    'CWD',
    'Children’s workforce development',
    'Planned work to make sure everyone who works with children has the right skills, knowledge and support.',
  ],
  [
    'CWDC',
    'Children’s Workforce Development Council',
    'The national body (2005 to 2012) that led children’s workforce reform and published the toolkit this service is modelled on.',
  ],
  [
    'CYPP',
    'Children and Young People’s Plan',
    'The partnership’s shared plan for improving children’s lives in the area. The workforce strategy supports it.',
  ],
  [
    'DfE',
    'Department for Education',
    'The government department responsible for children’s services and education in England.',
  ],
  [
    'DSCB',
    'District Safeguarding Children Board',
    'A local board that brought agencies together to keep children safe in one district; see also LSCB and LSCP.',
  ],
  [
    'ECM',
    'Every Child Matters',
    'The 2003 government programme that set five outcomes for every child: be healthy, stay safe, enjoy and achieve, make a positive contribution, and achieve economic well-being.',
  ],
  [
    'EHA',
    'Early Help Assessment',
    'A shared assessment used when a child or family needs extra support before problems grow. It leads to a plan agreed with the family.',
  ],
  ['FTE', 'Full-time equivalent', 'Staff hours counted as full-time posts: two people working half-time make one FTE.'],
  [
    'LSCB',
    'Local Safeguarding Children Board',
    'The statutory board of local agencies that kept children safe until 2019, when LSCPs replaced it.',
  ],
  [
    'LSCP',
    'Local Safeguarding Children Partnership',
    'The council, police and health working together, as the law requires since 2019, to keep children in the area safe.',
  ],
  [
    'NHS',
    'National Health Service',
    'England’s public health service, whose staff such as health visitors and school nurses are part of the children’s workforce.',
  ],
  [
    'NQSW',
    'Newly qualified social worker',
    'A social worker in their first year after qualifying, who gets extra supervision, training and a protected caseload.',
  ],
  [
    'OCWT',
    'One Children’s Workforce Tool',
    'The self-assessment that asks partners how well the children’s workforce works together, theme by theme and stage by stage.',
  ],
  [
    'PVI',
    'Private, voluntary and independent',
    'Organisations outside the public sector, such as private nurseries, charities and independent schools, that work with children.',
  ],
  ['RAG', 'Red, amber, green', 'A rating of progress: green is on track, amber is at risk and red is off track.'],
  [
    'SEND',
    'Special educational needs and disabilities',
    'Children who need extra help to learn because of a learning difficulty or disability, and the services that support them.',
  ],
  [
    'SMART',
    'Specific, measurable, achievable, realistic and timed',
    'A check for objectives: each should say exactly what will change, how it is measured and by when.',
  ],
  [
    'TAC',
    'Team around the child',
    'The practitioners from different agencies who work with one child and family, meet together and share one plan.',
  ],
  [
    'TDA',
    'Training and Development Agency for Schools',
    'The national agency (to 2012) for the training and development of the school workforce.',
  ],
];

export async function loadGlossaryDemo(db: Kysely<Database>, partnershipId: number): Promise<void> {
  const at = nowIso();
  await db
    .insertInto('plan_glossary')
    .values(
      TERMS.map(([term, expansion, definition]) => ({
        partnership_id: partnershipId,
        term,
        term_key: termKey(term),
        expansion,
        definition,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
}
