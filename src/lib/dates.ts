/**
 * Calendar dates, the one place for them. A date is held as YYYY-MM-DD text (both databases),
 * "today" is the date in England (Europe/London), and a date is shown as GOV.UK style writes it:
 * "30 September 2026".
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The date and wall-clock time in England of an instant, as "YYYY-MM-DD HH:MM:SS". */
export function londonWallClock(instant: Date): string {
  const part = Object.fromEntries(LONDON_CLOCK.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
}

/** Whether the text is a real calendar date as YYYY-MM-DD (not 2026-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The year, month (1–12) and day of a YYYY-MM-DD date; an error for text that is not one. */
export function dateNumbers(isoDate: string): { year: number; month: number; day: number } {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new Error(`"${isoDate}" is not a date as YYYY-MM-DD`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

/** Today's date in England as YYYY-MM-DD: between 00:00 and 01:00 in British Summer Time it is already tomorrow. */
export function todayInLondon(now: Date = new Date()): string {
  return LONDON_DATE.format(now);
}

/** The date in England of an ISO 8601 timestamp, as YYYY-MM-DD. */
export function londonDateOf(timestamp: string): string {
  return LONDON_DATE.format(new Date(timestamp));
}

/** "30 September 2026" from YYYY-MM-DD; anything that is not such a date is returned as it came. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  const match = ISO_DATE.exec(isoDate);
  if (!match) return isoDate;
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1] ?? ''} ${match[1]}`;
}

/** YYYY-MM-DD from a GOV.UK date input's three boxes, or null when they do not make a real date. */
export function dateFromInput(parts: { day: string; month: string; year: string }): string | null {
  const [day, month, year] = [parts.day, parts.month, parts.year].map((part) => part.trim());
  if (!/^\d{1,2}$/.test(day ?? '') || !/^\d{1,2}$/.test(month ?? '') || !/^\d{4}$/.test(year ?? '')) return null;
  const iso = `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** The date `days` days after (or before, when negative) a YYYY-MM-DD date. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
