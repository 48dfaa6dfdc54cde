/*
 * The optional reminders (docs/adr/0021): each user may switch each one off on their account page.
 * Invitations, password resets and other security messages are not here: they are always sent.
 */
import { addDays } from '../../lib/dates.ts';
import { keysOf } from '../../lib/records.ts';

export const REMINDERS = {
  'assessment-reminder': {
    label: 'Self-assessment reminders',
    hint: 'An email a few days before a self-assessment round closes, when you have a personal link and have not answered yet.',
  },
  'returns-reminder': {
    label: 'Workforce return deadline reminders',
    hint: "An email before your organisation's workforce return is due, and while it is overdue.",
  },
} as const;

export type Reminder = keyof typeof REMINDERS;
export const REMINDER_CODES = keysOf(REMINDERS);
export const isReminder = (value: string): value is Reminder => value in REMINDERS;

/** After the deadline, a weekly nudge for four weeks: the day after it, then every 7 days. */
const OVERDUE_DAYS = [1, 8, 15, 22];

/**
 * Which deadline reminder is due on `today` (YYYY-MM-DD) for a deadline: 'due' exactly `daysBefore`
 * days ahead of it, 'overdue' on the overdue days, else null. One day each, so that a job run twice
 * the same day finds the same answer and its idempotency keys (per person and day) send once.
 */
export function deadlineReminder(today: string, deadline: string, daysBefore: number): 'due' | 'overdue' | null {
  if (daysBefore > 0 && addDays(deadline, -daysBefore) === today) return 'due';
  if (OVERDUE_DAYS.some((days) => addDays(deadline, days) === today)) return 'overdue';
  return null;
}
