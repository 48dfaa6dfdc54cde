/*
 * What the plan's API operations share (src/api/plan-*.ts, docs/adr/0027). The operations call
 * the same plan services as the pages, so capability checks, validation and the audit log are the
 * pages' own. The services take a form's raw text; these helpers turn JSON (numbers, ISO dates)
 * into that text, and name a refused field as the request does ("body.dueDate", not "due").
 */
import { z } from 'zod';
import { isIsoDate } from '../lib/dates.ts';
import { ValidationError } from '../lib/errors.ts';
import { dateParts } from '../features/plan/governance-input.ts';
import type { DateParts } from '../features/plan/plan-input.ts';
import { ErrorSchema, ValidationErrorSchema } from './registry.ts';

export const PLAN_TAG = 'Strategy and action plan';

/** A path parameter that is a row id. */
export const idParam = (description: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'Use the numeric id')
    .transform(Number)
    .describe(description);

export const IdParams = z.object({ id: idParam('The id') });

export const IsoDate = z.string().refine(isIsoDate, 'Use a real date as YYYY-MM-DD');

/** An ISO date as the day, month and year a date form sends; blank parts when absent. */
export const partsOf = (iso: string | null | undefined): DateParts =>
  iso ? dateParts(iso) : { day: '', month: '', year: '' };

/** A number, or null, as the text a form field sends. */
export const text = (value: number | string | null | undefined): string =>
  value === null || value === undefined ? '' : String(value);

/** Pence as the pounds a cost field takes ("1250.50"); the services refuse a negative amount themselves. */
export const poundsText = (pence: number | null | undefined): string =>
  pence === null || pence === undefined ? '' : (pence / 100).toFixed(2);

/**
 * Runs a service call, renaming the fields of a ValidationError to the request's names: a field
 * is "body.<name>" unless the map places it elsewhere ("path.year").
 */
export async function asApi<T>(call: Promise<T>, names: Record<string, string> = {}): Promise<T> {
  try {
    return await call;
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    throw new ValidationError(
      Object.fromEntries(
        Object.entries(err.fields).map(([field, message]) => {
          const name = names[field] ?? field;
          return [name.includes('.') ? name : `body.${name}`, message];
        }),
      ),
    );
  }
}

/** The responses every changing operation can give, beside its own success. */
export const changeResponses = {
  404: { description: 'No such record in your partnership', schema: ErrorSchema },
  422: { description: 'Refused: each problem names its field; nothing was changed', schema: ValidationErrorSchema },
};

export const readResponses = { 404: { description: 'No such record in your partnership', schema: ErrorSchema } };

/** Sets 201 Created and returns the body. */
export function created<T>(res: { status(code: number): unknown }, body: T): T {
  res.status(201);
  return body;
}
