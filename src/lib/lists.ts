/*
 * Reading an array by position where the position is known to be inside it. TypeScript types `list[i]` as
 * possibly undefined; these check it at run time instead of asserting it, so a wrong index fails loudly.
 */

/** The item at `index`, or an error naming what was looked for. */
export function itemAt<T>(items: readonly T[], index: number, what: string): T {
  const item = items[index];
  if (item === undefined) throw new Error(`No ${what} at position ${index} of ${items.length}`);
  return item;
}

/** The item at `index`, counting round again from the start after the last (for fixed lists reused in turn). */
export function cycled<T>(items: readonly [T, ...T[]], index: number): T {
  return items[index % items.length] ?? items[0];
}
