/**
 * `count` copies of `der`, each with one byte overwritten — where and with
 * what, a linear congruential generator started at `seed` decides, so every
 * run tries the same copies — with the place of that byte.
 */
export function* garbledCopies(
  der: Uint8Array,
  count: number,
  seed: number,
): Generator<{ garbled: Uint8Array; at: number }> {
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const garbled = der.slice();
    const at = state % der.length;
    garbled[at] = (state >>> 8) & 0xff;
    yield { garbled, at };
  }
}
