import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** What is awaited, for the failure message: `waiting for ${what}`. */
  what: string;
  /** Fails after this many milliseconds; 10 s unless given. */
  timeoutMs?: number;
  /** Pause between two checks; 25 ms unless given. */
  intervalMs?: number;
}

/**
 * Checks `condition` until it holds, and returns what it returned. It holds
 * when it returns (or resolves to) anything but `false`, `undefined` or
 * `null`; a check that throws does not hold yet. After `timeoutMs` it fails
 * naming `what` and the last check's error — a test waits for what a fixed
 * sleep only hoped for, and no longer than it must.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: WaitOptions,
): Promise<Exclude<T, false | undefined | null>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== false && value !== undefined && value !== null) {
        return value as Exclude<T, false | undefined | null>;
      }
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `; the last check threw: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${options.what}${cause}`, {
        cause: lastError,
      });
    }
    await sleep(options.intervalMs ?? 25);
  }
}
