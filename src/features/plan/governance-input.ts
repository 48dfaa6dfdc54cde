import type { DateParts } from './plan-input.ts';

/** A YYYY-MM-DD date as the parts a date form sends. */
export const dateParts = (iso: string): DateParts => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
};

/** Whether `from`, or a group above it, is `target`. */
export function reportsTo(all: { id: number; parent_id: number | null }[], from: number, target: number): boolean {
  const seen = new Set<number>();
  for (let at: number | null = from; at !== null && !seen.has(at);) {
    if (at === target) return true;
    seen.add(at);
    at = all.find((g) => g.id === at)?.parent_id ?? null;
  }
  return false;
}
