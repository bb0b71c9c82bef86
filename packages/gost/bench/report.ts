/** Calls of `fn` per second, measured for about `ms` milliseconds after a warm-up of a quarter of that. */
export function callsPerSecond(fn: () => void, ms: number): number {
  const warmUntil = performance.now() + ms / 4;
  while (performance.now() < warmUntil) fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    fn();
    n++;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/** One benchmark result: our figure next to a reference implementation's. */
export interface Row {
  name: string;
  ours: number;
  reference: number;
  unit: string;
  referenceName: string;
}

/** Prints rows as a table with the ratio ours/reference (> 1 means we are faster). */
export function printRows(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  const fmt = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  const table = rows.map((r) => ({
    benchmark: r.name,
    ours: `${fmt(r.ours)} ${r.unit}`,
    reference: `${fmt(r.reference)} ${r.unit} (${r.referenceName})`,
    ratio: (r.ours / r.reference).toFixed(2),
  }));
  console.table(table);
}
