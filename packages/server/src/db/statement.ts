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

const SINGLE_ROW_INSERT = /^([\s\S]*\bVALUES\s*)\(\s*(\$\d+(?:\s*,\s*\$\d+)*)\s*\)\s*$/i;

/**
 * Single-row INSERTs of the same SQL (`… VALUES ($1, …, $k)`) as one
 * multi-row INSERT each, rows in the order given; any other statement as
 * it is. A group commit's hundred certificate rows become one INSERT of a
 * hundred rows, which PostgreSQL plans once, not a hundred CTEs.
 */
export function mergedInserts(statements: readonly Statement[]): Statement[] {
  const merged: Statement[] = [];
  const bySql = new Map<string, { prefix: string; width: number; rows: (readonly unknown[])[] }>();
  for (const statement of statements) {
    const match = SINGLE_ROW_INSERT.exec(statement.sql);
    const placeholders = match?.[2]!.split(',').map((placeholder) => Number(placeholder.trim().slice(1)));
    const inOrder = placeholders?.every((n, index) => n === index + 1) === true;
    if (!match || !inOrder || placeholders.length !== statement.params.length) {
      merged.push(statement);
      continue;
    }
    let group = bySql.get(statement.sql);
    if (!group) {
      group = { prefix: match[1]!, width: placeholders.length, rows: [] };
      bySql.set(statement.sql, group);
    }
    group.rows.push(statement.params);
  }
  for (const { prefix, width, rows } of bySql.values()) {
    const values = rows.map(
      (_, row) =>
        `(${Array.from({ length: width }, (_, column) => `$${row * width + column + 1}`).join(', ')})`,
    );
    merged.push({ sql: `${prefix}${values.join(',\n')}`, params: rows.flat() });
  }
  return merged;
}
