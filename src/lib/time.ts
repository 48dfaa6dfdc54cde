/** Timestamps are stored as ISO 8601 UTC text in both databases. */
export const nowIso = (): string => new Date().toISOString();

export const minutesAgoIso = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

export const daysFromNowIso = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

const DISPLAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

/** "22 November 2026, 3:04pm" as GOV.UK style writes dates and times. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return DISPLAY.format(new Date(iso))
    .replace(' at ', ', ')
    .replace(/\s?(AM|PM|am|pm)$/, (m) => m.trim().toLowerCase());
}
