import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseJsonAs } from '../../lib/records.ts';

/** GOV.UK's bank holidays for England and Wales, as shipped (refresh: node scripts/refresh-bank-holidays.ts). */
const bankHolidayFile = z.object({
  division: z.string(),
  source: z.string(),
  events: z.array(z.object({ title: z.string(), date: z.string(), notes: z.string(), bunting: z.boolean() })),
});
export type BankHolidayFile = z.infer<typeof bankHolidayFile>;

export const BANK_HOLIDAYS_FILE = path.join(import.meta.dirname, 'reference', 'bank-holidays-england.json');

let cached: ReadonlySet<string> | undefined;

/** England's bank holiday dates (YYYY-MM-DD), read once. */
export function englandBankHolidays(): ReadonlySet<string> {
  cached ??= new Set(parseJsonAs(bankHolidayFile, readFileSync(BANK_HOLIDAYS_FILE, 'utf8')).events.map((e) => e.date));
  return cached;
}
