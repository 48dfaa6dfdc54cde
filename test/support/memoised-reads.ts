/*
 * A Kysely instance over the same database that answers a repeated identical read (same SQL, same
 * parameters) from memory, for a harvest over data that does not change while it runs (the
 * disclosure attacker, docs/adr/0046). Writes go to the database as before. Each answer is a copy
 * of the rows, so a caller that changes them changes nothing another caller sees.
 */
import type { CompiledQuery, Kysely, QueryResult } from 'kysely';

const NO_CHANGE = {
  transformQuery: (args: { node: unknown }) => args.node,
  transformResult: async <R>(args: { result: R }) => args.result,
};

export interface MemoisedReads<DB> {
  kysely: Kysely<DB>;
  /** Forgets every remembered answer (call when the reads to come no longer repeat the earlier ones). */
  forget(): void;
  readonly stats: { asked: number; answeredFromMemory: number };
}

export function memoisedReads<DB>(kysely: Kysely<DB>): MemoisedReads<DB> {
  // withPlugin gives a Kysely of its own executor over the same connection; only that executor is changed.
  const reading = kysely.withPlugin(NO_CHANGE as never);
  const executor = reading.getExecutor();
  const execute = executor.executeQuery.bind(executor);
  const answers = new Map<string, Promise<QueryResult<unknown>>>();
  const stats = { asked: 0, answeredFromMemory: 0 };
  const copy = <R>(result: QueryResult<R>): QueryResult<R> => ({
    ...result,
    rows: result.rows.map((row) => ({ ...row })),
  });
  Object.assign(executor, {
    executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
      stats.asked += 1;
      if (!/^\s*(select|with)\b/i.test(query.sql)) return execute(query);
      const key = `${query.sql}\n${JSON.stringify(query.parameters)}`;
      let answer = answers.get(key) as Promise<QueryResult<R>> | undefined;
      if (answer) stats.answeredFromMemory += 1;
      else {
        answer = execute(query);
        answers.set(key, answer);
        answer.catch(() => answers.delete(key));
      }
      return answer.then(copy);
    },
  });
  return { kysely: reading, forget: () => answers.clear(), stats };
}
