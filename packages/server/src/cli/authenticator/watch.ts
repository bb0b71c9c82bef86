import { Writable } from 'node:stream';
import type { PendingOperation } from '@podpis/confirm';
import { EXIT } from '../exit-codes.js';
import { CliFailure } from '../commands/failures.js';
import type { Device } from './device.js';
import {
  ask,
  checkedVerificationCode,
  decide,
  describeOperation,
  outcomeLine,
  type Outcome,
} from './operations.js';

export interface WatchOptions {
  /** Approves everything without asking: for test rigs and robots, never for a person's device. */
  autoApprove?: boolean;
  /** One JSON line per decision instead of text. */
  json?: boolean;
  /** How often to ask `pending` when the server has no event stream. */
  pollMs?: number;
  /** Where results go (stdout); notes go to `note`. */
  print: (text: string) => void;
  note: (text: string) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A failure watching cannot outlive: the device is unknown, blocked or its
 * channel broken, or the state file is unusable. A network failure or a
 * server without an event stream is not (watch polls instead).
 */
function fatal(error: unknown): boolean {
  if (!(error instanceof CliFailure)) return true;
  if (error.exitCode === EXIT.CONNECTION) return false;
  return (
    error.code.startsWith('DEVICE_') ||
    error.code.startsWith('STATE_FILE_') ||
    error.code === 'PASSPHRASE_WRONG'
  );
}

const failureText = (error: unknown): string =>
  error instanceof CliFailure ? `${error.message} [${error.code}]` : String(error);

/** Text written into it as Server-Sent Events; `onPending` for each `event: pending`. */
function eventSink(onPending: () => void): Writable {
  let buffer = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      buffer += chunk.toString('utf8');
      const events = buffer.split(/\r?\n\r?\n/);
      buffer = events.pop() ?? '';
      for (const event of events)
        if (event.split(/\r?\n/).some((line) => /^event:\s*pending\s*$/.test(line))) onPending();
      done();
    },
  });
}

/**
 * Waits for operations and decides each once: on every `pending` hint of
 * the event stream (and once the stream is open), else by asking
 * `pending` every two seconds. Runs until interrupted or a fatal failure.
 */
export async function watch(device: Device, options: WatchOptions): Promise<never> {
  const handled = new Set<string>();
  let running: Promise<void> | undefined;
  /** Set by a hint that comes during a check (an object, as the loop reads what the callback wrote). */
  const hinted = { again: false };
  const hintCame = (): boolean => hinted.again;

  const decideOne = async (operation: PendingOperation): Promise<void> => {
    const code = await checkedVerificationCode(operation);
    let outcome: Outcome | undefined;
    // A robot approving sign-ins would make the password alone enough: a person decides those.
    if (options.autoApprove === true && operation.kind === 'sign-in') {
      options.note(
        `not approved automatically: the sign-in ${operation.operation} (podpis-authenticator approve|decline ${operation.operation})`,
      );
      return;
    }
    if (options.autoApprove === true) outcome = await decide(device, operation, 'approve');
    else {
      options.print(describeOperation(operation, code));
      const answer = await ask(
        'Коды совпадают? Подтвердить? / Do the codes match — approve? [y = approve, n = decline, Enter = later] ',
      );
      if (['y', 'yes', 'д', 'да'].includes(answer)) outcome = await decide(device, operation, 'approve');
      else if (['n', 'no', 'н', 'нет'].includes(answer)) outcome = await decide(device, operation, 'decline');
    }
    if (outcome === undefined) {
      options.note(
        `left for later: ${operation.operation} (podpis-authenticator approve|decline ${operation.operation})`,
      );
      return;
    }
    options.print(
      options.json === true
        ? `${JSON.stringify({ operation: operation.operation, kind: operation.kind, verificationCode: code, outcome })}\n`
        : outcomeLine(operation, outcome),
    );
  };

  const checkOnce = async (): Promise<void> => {
    const { operations } = await device.ask({ type: 'pending' }, 'pending');
    for (const operation of operations) {
      if (handled.has(operation.operation)) continue;
      handled.add(operation.operation);
      try {
        await decideOne(operation);
      } catch (error) {
        if (fatal(error) && !(error instanceof CliFailure && error.code.startsWith('DEVICE_APPROVAL')))
          throw error;
        options.note(`operation ${operation.operation}: ${failureText(error)}`);
      }
    }
  };

  /** One check at a time; a hint during a check runs one more after it. */
  const check = (): Promise<void> => {
    if (running) {
      hinted.again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          hinted.again = false;
          await checkOnce();
        } while (hintCame());
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  for (;;) {
    // A fatal failure of a check ends the stream with it, so listen rejects with that failure.
    const onHint = (): void => {
      check().catch((error: unknown) =>
        sink.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    };
    const sink: Writable = eventSink(onHint);
    try {
      // Once the stream is open, what was pending before it is asked for too.
      await device.listen(sink, onHint);
      options.note('the event stream ended; reconnecting');
      await sleep(1000);
    } catch (error) {
      if (fatal(error)) throw error;
      options.note(
        `no event stream (${failureText(error)}); asking every ${(options.pollMs ?? 2000) / 1000} s`,
      );
      break;
    }
  }
  for (;;) {
    try {
      await check();
    } catch (error) {
      if (fatal(error)) throw error;
      options.note(failureText(error));
    }
    await sleep(options.pollMs ?? 2000);
  }
}
