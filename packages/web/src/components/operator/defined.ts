/**
 * Drops the keys whose value is undefined, for objects handed to props and
 * API parameters typed with exactOptionalPropertyTypes (absent ≠ undefined).
 */
export function defined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
