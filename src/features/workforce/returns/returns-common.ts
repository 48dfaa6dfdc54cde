/*
 * What the returns and completeness pages (and the profile's) share: the census
 * date's three boxes, and the page for a data lead without an organisation. Kept apart from the
 * page modules so that neither imports the other.
 */
import type { Response } from 'express';
import { formField, renderPage } from '../../../web/kit/render.ts';
import type { View } from '../../../web/kit/page.ts';
import { type Actor, hasCapability } from '../../../auth/actor.ts';
import { dateFromInput } from '../../../lib/dates.ts';

export const VIEWS = 'workforce/returns/views';

/** A GOV.UK date input's three boxes as YYYY-MM-DD, or '' when they do not make a real date. */
export function dateFromParts(fields: unknown, prefix: string): string {
  const part = (name: string) => formField(fields, `${prefix}-${name}`).trim();
  return dateFromInput({ day: part('day'), month: part('month'), year: part('year') }) ?? '';
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
