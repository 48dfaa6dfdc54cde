/*
 * What the returns and completeness pages (and the profile's) share: dates in words, the census
 * date's three boxes, and the page for a data lead without an organisation. Kept apart from the
 * page modules so that neither imports the other.
 */
import type { Response } from 'express';
import { renderPage } from '../../../web/kit/render.ts';
import type { View } from '../../../web/kit/page.ts';
import { type Actor, hasCapability } from '../../../auth/actor.ts';
import { isCensusDate } from './returns-service.ts';

export const VIEWS = 'workforce/returns/views';

const MONTHS = [
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
/** "30 September 2026" from YYYY-MM-DD. */
export const longDate = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
};

/** A GOV.UK date input's three boxes as YYYY-MM-DD, or '' when they do not make a real date. */
export function dateFromParts(fields: Record<string, unknown>, prefix: string): string {
  const part = (name: string) => String(fields[`${prefix}-${name}`] ?? '').trim();
  const [day, month, year] = [part('day'), part('month'), part('year')];
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return '';
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isCensusDate(iso) ? iso : '';
}

/** A GOV.UK date input's three boxes as sent, to show them again. */
export const dateParts = (fields: Record<string, unknown>, prefix: string) => ({
  day: String(fields[`${prefix}-day`] ?? ''),
  month: String(fields[`${prefix}-month`] ?? ''),
  year: String(fields[`${prefix}-year`] ?? ''),
});

/**
 * A partner data lead whose account has no organisation can neither submit nor see a return:
 * every returns page they can reach says so instead of showing a form they cannot use.
 */
export const withoutOrganisation = (actor: Actor): boolean =>
  actor.organisationId === null && !hasCapability(actor, 'workforce:submit-any');

export const NO_ORGANISATION: View = {
  template: `${VIEWS}/no-organisation.njk`,
  title: 'Your account is not linked to an organisation',
  locals: { backLink: '/workforce' },
};

export function showWithoutOrganisation(res: Response): void {
  renderPage(res, NO_ORGANISATION.template, NO_ORGANISATION.title, NO_ORGANISATION.locals);
}
