import { readFileSync } from 'node:fs';
import path from 'node:path';

/** GOV.UK's bank holidays for England and Wales, as shipped (refresh: node scripts/refresh-bank-holidays.ts). */
export interface BankHolidayFile {
  division: string;
  source: string;
  events: { title: string; date: string; notes: string; bunting: boolean }[];
}

export const BANK_HOLIDAYS_FILE = path.join(import.meta.dirname, 'reference', 'bank-holidays-england.json');

let cached: ReadonlySet<string> | undefined;

/** England's bank holiday dates (YYYY-MM-DD), read once. */
export function englandBankHolidays(): ReadonlySet<string> {
  cached ??= new Set(
    (JSON.parse(readFileSync(BANK_HOLIDAYS_FILE, 'utf8')) as BankHolidayFile).events.map((e) => e.date),
  );
  return cached;
}
