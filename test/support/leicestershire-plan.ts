/*
 * The first three rows of Leicestershire's "One Children's Workforce Tool Action Plan 2009/10"
 * (interim children's workforce strategy, 2009), as the seed lays them out: its six columns, the
 * header repeated after a page break, and multi-line cells.
 */
import ExcelJS from 'exceljs';

export const LEICESTERSHIRE_HEADER = [
  'Action',
  'Links to OCW Framework',
  'Outcomes',
  'Timescale',
  'Lead Officer',
  'Resources\n(Estimated Costs)',
];

export const LEICESTERSHIRE_ROWS = [
  [
    '1.   Develop & implement a programme of Multi-Agency training for the Children’s Workforce',
    'High quality, appropriately trained workforce',
    'i. Improved multi-agency working – sharing understanding and networking\nii. Improved skills & knowledge of workforce\niii. Potential savings\niv. Improved CPD opportunities',
    'Phased introduction starting 1st April 2010',
    'Tim Woodward',
    'Departmental/Partner Officer time\nMaterials, promotional costs (£1000)\nPlus cost of running programme',
  ],
  [
    '2. Develop and implement Workforce Data standards and collection protocols/ systems across the partnership',
    'Capacity to Deliver and Keep Children Safe',
    'i. Evidence based decision-making\nii. Enable targeted workforce development activities\niii. Enable measurement of the impact of actions\niv. Enable benchmarking',
    'April 2010',
    'Caroline Davis',
    'Departmental/Partner Officer time\nPotential development costs',
  ],
  [
    '3.   Develop & implement a Common Induction programme across the children’s workforce (based upon the Common Core of Skills & Knowledge)',
    'All arcs but particularly High quality, appropriately trained workforce',
    'i. Improved multi-agency working – sharing understanding and networking\nii. Workforce meets CWDC induction standards',
    'September 2009 to March 2010',
    'Jordan Lee',
    '£2,500',
  ],
];

/** An XLSX workbook with a title row, the header, rows 1–2, the header again and row 3. */
export async function leicestershireWorkbook(
  header = LEICESTERSHIRE_HEADER,
  rows = LEICESTERSHIRE_ROWS,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Action plan');
  sheet.addRow(['One Children’s Workforce Tool Action Plan 2009/10']);
  sheet.addRow(header);
  for (const row of rows.slice(0, 2)) sheet.addRow(row);
  sheet.addRow(header);
  for (const row of rows.slice(2)) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
