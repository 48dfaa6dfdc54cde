/** `fn` with its first argument given once: a service's functions bound to its database. */
export const withFirst =
  <T, A extends unknown[], R>(first: T, fn: (first: T, ...args: A) => R) =>
  (...args: A): R =>
    fn(first, ...args);
