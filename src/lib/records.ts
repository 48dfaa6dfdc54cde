/*
 * Typed views of records whose keys are a closed set (code lists such as SERVICES). TypeScript types
 * `Object.keys` as string[] because an object may carry extra keys at run time; the code lists are
 * `as const` literals defined in this repository, so their keys are exactly the declared ones.
 */
import type { z } from 'zod';

export function keysOf<K extends string>(record: Readonly<Record<K, unknown>>): K[] {
  return Object.keys(record) as K[];
}

export function entriesOf<K extends string, V>(record: Readonly<Record<K, V>>): [K, V][] {
  return Object.entries(record) as [K, V][];
}

/** Parses JSON stored by this application and checks its shape, so a corrupt value fails loudly here. */
export function parseJsonAs<S extends z.ZodType>(schema: S, text: string): z.infer<S> {
  return schema.parse(JSON.parse(text));
}

export const isKeyOf = <K extends string>(record: Readonly<Record<K, unknown>>, value: string): value is K =>
  Object.hasOwn(record, value);

/** A stored code narrowed to its list, or an error naming it (a code the lists no longer hold is corrupt data). */
export function codeIn<K extends string>(record: Readonly<Record<K, unknown>>, value: string, what: string): K {
  if (isKeyOf(record, value)) return value;
  throw new Error(`Unknown ${what} code "${value}"`);
}
