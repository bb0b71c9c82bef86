/** One SQL statement with its `$1, $2, …` parameters, not yet run. */
export type Statement = { sql: string; params: readonly unknown[] };

/**
 * Several statements as one: each of `parts` becomes a data-modifying CTE
 * of `main`, their parameters renumbered after main's. One round trip
 * instead of one per statement, and still all or nothing. The parts run on
 * the same snapshot and see none of each other's rows, so only statements
 * that do not read what another one writes may be combined (an INSERT into
 * the certificates table beside an INSERT into the outbox, not an UPDATE of
 * the row another inserts). The SQL must not hold a `$<digit>` elsewhere
 * than in its parameters (no dollar-quoted strings).
 */
export function withStatements(main: Statement, parts: readonly Statement[]): Statement {
  if (parts.length === 0) return main;
  const params = [...main.params];
  const ctes = parts.map((part, index) => {
    const offset = params.length;
    params.push(...part.params);
    const sql = part.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
    return `part_${index} AS (${sql})`;
  });
  // main may itself open with WITH: its CTEs follow ours in the same list.
  const mainSql = main.sql.trimStart();
  const withMain = /^WITH\s/i.test(mainSql);
  return {
    sql: `WITH ${ctes.join(',\n')}${withMain ? `,\n${mainSql.replace(/^WITH\s+/i, '')}` : `\n${mainSql}`}`,
    params,
  };
}
