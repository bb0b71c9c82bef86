import { PodpisError } from './errors.js';

/** How to wait for an operation to be confirmed and done. */
export interface WaitOptions {
  /** Stops waiting (and the requests under way): ABORTED. */
  signal?: AbortSignal;
  /** Gives up after this long: TIMEOUT (15 minutes unless told; an operation expires after at most an hour). */
  timeoutMs?: number;
  /** Polling back-off: the first pause, the longest pause and how much it grows (500 ms, 5 s, ×1.5). */
  poll?: { initialMs?: number; maxMs?: number; factor?: number };
  /**
   * Instead of polling: a promise the caller resolves when its webhook says
   * the operation changed (given the operation's id). The operation is read
   * once then; polling takes over if it is still waiting.
   */
  webhook?: (operationId: string) => Promise<unknown>;
}

/** A signal that fires on the caller's abort or after `timeoutMs`, whichever is first. */
export function deadlineOf(options: WaitOptions): AbortSignal {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15 * 60_000);
  return options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
}

/** The PodpisError a stopped wait stands for: TIMEOUT after the deadline, ABORTED when the caller stopped it. */
export function stopped(signal: AbortSignal): PodpisError {
  const reason: unknown = signal.reason;
  const timedOut = reason instanceof Error && reason.name === 'TimeoutError';
  return new PodpisError(
    0,
    timedOut ? 'TIMEOUT' : 'ABORTED',
    timedOut ? 'the operation was not done in time' : 'waiting was stopped',
    undefined,
    undefined,
    undefined,
    { cause: reason },
  );
}

/** Waits `ms`, or rejects as soon as `signal` fires. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(stopped(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(stopped(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** `promise`, or a rejection as soon as `signal` fires. */
export function raced<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) {
      reject(stopped(signal));
      return;
    }
    const onAbort = (): void => {
      reject(stopped(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => {
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/**
 * Reads an operation until it no longer awaits confirmation: once after the
 * webhook's promise, else with growing pauses between reads.
 */
export async function waitWhileAwaiting<T extends { id: string; status: string }>(
  first: T,
  read: (signal: AbortSignal) => Promise<T>,
  options: WaitOptions,
  signal: AbortSignal,
): Promise<T> {
  let operation = first;
  if (operation.status !== 'awaiting_confirmation') return operation;
  if (options.webhook !== undefined) {
    await raced(options.webhook(operation.id), signal);
    operation = await read(signal);
  }
  let pause = options.poll?.initialMs ?? 500;
  const maxPause = options.poll?.maxMs ?? 5_000;
  const factor = options.poll?.factor ?? 1.5;
  while (operation.status === 'awaiting_confirmation') {
    await sleep(pause, signal);
    pause = Math.min(maxPause, pause * factor);
    operation = await read(signal);
  }
  return operation;
}

/** The error of an operation that ended other than completed: OPERATION_FAILED, OPERATION_CANCELLED, OPERATION_EXPIRED. */
export function endedError(kind: string, operation: { id: string; status: string }): PodpisError {
  return new PodpisError(
    0,
    `OPERATION_${operation.status.toUpperCase()}`,
    `the ${kind} operation ${operation.id} ended ${operation.status}`,
  );
}
