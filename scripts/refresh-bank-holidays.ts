/*
 * Refreshes England's bank holidays from GOV.UK's published list (Open Government Licence v3.0):
 *   node scripts/refresh-bank-holidays.ts [file]
 * With a file (a copy of https://www.gov.uk/bank-holidays.json) it reads that instead of the web.
 * Keeps the dates already shipped that GOV.UK has since dropped from its list (it publishes only
 * a few years), so a working-day count for an old session does not change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { BANK_HOLIDAYS_FILE, type BankHolidayFile } from '../src/features/training/bank-holidays.ts';

const SOURCE = 'https://www.gov.uk/bank-holidays.json';

type Published = Record<string, { division: string; events: BankHolidayFile['events'] }>;

async function published(file: string | undefined): Promise<Published> {
  if (file) return JSON.parse(readFileSync(file, 'utf8')) as Published;
  const response = await fetch(SOURCE);
  if (!response.ok) throw new Error(`${SOURCE} answered ${response.status}`);
  return (await response.json()) as Published;
}

const england = (await published(process.argv[2]))['england-and-wales'];
if (!england?.events?.length) throw new Error('The list has no england-and-wales events: nothing written');
const shipped = JSON.parse(readFileSync(BANK_HOLIDAYS_FILE, 'utf8')) as BankHolidayFile;
const byDate = new Map(shipped.events.map((e) => [e.date, e]));
for (const event of england.events) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(event.date)) throw new Error(`Not a date: ${event.date}`);
  byDate.set(event.date, event);
}
const events = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
const out: BankHolidayFile = { division: 'england-and-wales', source: shipped.source, events };
writeFileSync(BANK_HOLIDAYS_FILE, `${JSON.stringify(out, null, 1)}\n`);
console.log(
  `Wrote ${events.length} bank holidays (${events[0]?.date} to ${events.at(-1)?.date}) to ${BANK_HOLIDAYS_FILE}`,
);
