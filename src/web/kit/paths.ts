/*
 * Typed addresses. Each feature's paths.ts declares its pages' patterns once with `path()`;
 * routes mount the pattern, and views and redirects build real addresses from it, so a link
 * cannot point at a page that is not declared, nor miss one of its parameters.
 */

/** The `:name` segments of an Express-style pattern, as a union of their names. */
export type ParamNames<T extends string> = T extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : T extends `${string}:${infer Name}`
    ? Name
    : never;

export type PathParams<T extends string> = { [K in ParamNames<T>]: string | number };

export interface Path<T extends string = string> {
  /** The Express pattern, e.g. "/admin/organisations/:id". */
  readonly pattern: T;
  /** The address with every parameter filled in (URL-encoded). */
  (...params: ParamNames<T> extends never ? [] : [PathParams<T>]): string;
}

export function path<T extends string>(pattern: T): Path<T> {
  const build = (...args: unknown[]): string => {
    const values = (args[0] ?? {}) as Record<string, string | number>;
    return pattern.replace(/:(\w+)/g, (_match, name: string) => {
      const value = values[name];
      if (value === undefined) throw new Error(`No value for :${name} in ${pattern}`);
      return encodeURIComponent(String(value));
    });
  };
  return Object.assign(build, { pattern }) as Path<T>;
}

/**
 * One map of several features' paths for their views. A name declared twice would make a link
 * point at the wrong page (a session's "Register" once led to self-registration), so it throws.
 */
export function joinPaths<T extends Record<string, Path>[]>(...maps: T): UnionToIntersection<T[number]> {
  const joined: Record<string, Path> = {};
  for (const map of maps)
    for (const [name, p] of Object.entries(map)) {
      if (name in joined)
        throw new Error(`Two paths are both named "${name}": ${joined[name]!.pattern} and ${p.pattern}`);
      joined[name] = p;
    }
  return joined as UnionToIntersection<T[number]>;
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
