import { CliUsageError, readPin } from './failures.js';
import { terminal } from '../terminal.js';

/** Where a client command's key PIN may come from; never from the command line itself. */
export interface PinOptions {
  pinFile?: string;
}

/**
 * The key PIN from --pin-file, else PODPIS_PIN, else asked on the terminal
 * without echo. With none of them (a script without a terminal) it is a
 * usage error rather than a hang on standard input.
 */
export async function keyPin(options: PinOptions, what: string): Promise<string> {
  if (options.pinFile !== undefined) return readPin({ pinFile: options.pinFile });
  const fromEnvironment = terminal().env.PODPIS_PIN;
  if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
  if (terminal().stdin.isTTY === true && terminal().stderr.isTTY === true)
    return promptHidden(`PIN of the key ${what}: `);
  throw new CliUsageError(
    'the key PIN is needed: give --pin-file FILE or set PODPIS_PIN (or run on a terminal to be asked)',
  );
}

/**
 * Reads one line from the terminal in raw mode, echoing nothing; Ctrl+C ends the command (130).
 * Only a real terminal has a raw mode: this is the process's own.
 */
export function promptHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve) => {
    // Code points, so backspace removes a whole character of a non-ASCII PIN.
    const chars: string[] = [];
    const onData = (data: Buffer): void => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          input.off('data', onData);
          input.setRawMode(false);
          input.pause();
          process.stderr.write('\n');
          resolve(chars.join(''));
          return;
        }
        if (char === '\u0003') {
          input.setRawMode(false);
          process.stderr.write('\n');
          process.exit(130);
        }
        if (char === '\u007f' || char === '\b') chars.pop();
        else chars.push(char);
      }
    };
    input.on('data', onData);
  });
}
