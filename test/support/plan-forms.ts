import assert from 'node:assert/strict';
import { addDays, todayInLondon } from '../../src/lib/dates.ts';

/** A GOV.UK date input's three fields, `offset` days from today. */
export const dateFields = (name: string, offset: number): Record<string, string> => {
  const [year, month, day] = addDays(todayInLondon(), offset).split('-');
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year ?? '',
  };
};

/** The id in a redirect to /plan/<kind>/<id>, failing the test when it went elsewhere. */
export const idIn = (location: string | null, kind: string): number => {
  const id = new RegExp(`^/plan/${kind}/(\\d+)$`).exec(location ?? '')?.[1];
  assert.ok(id, `redirected to a ${kind} page, not ${location}`);
  return Number(id);
};
