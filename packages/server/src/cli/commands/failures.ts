import { readFile } from 'node:fs/promises';
import { CommanderError, InvalidArgumentError, type Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { terminal } from '../terminal.js';

/**
 * A failure of the command itself rather than of a service (a file it cannot
 * read or write, a tar that failed), or a server's refusal as a client
 * command received it: main.ts prints the message and the stable code, and
 * exits with `exitCode` (1 unless the server could not be reached at all).
 */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = EXIT.FAILURE,
  ) {
    super(message);
  }
}

/** FILE_UNREADABLE for an input file, with the system's reason (ENOENT, EACCES…). */
export function unreadable(file: string, error: unknown): CliFailure {
  return new CliFailure(
    'FILE_UNREADABLE',
    `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
  );
}

/** A whole input file, or FILE_UNREADABLE. */
export async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw unreadable(file, error);
  }
}

/** A mistake in how a command was called, found after parsing: main.ts prints it and exits 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value)))
    throw new InvalidArgumentError('expected a positive integer');
  return Number(value);
}

/**
 * A key PIN from a file (`--pin-file`) or standard input (`--pin-stdin`),
 * never from the command line where `ps` and shell history would show it.
 * One trailing line break is dropped.
 */
export async function readPin(options: { pinFile?: string; pinStdin?: boolean }): Promise<string> {
  if ((options.pinFile !== undefined) === (options.pinStdin === true))
    throw new CliUsageError('give the key PIN with exactly one of --pin-file FILE or --pin-stdin');
  let text: string;
  if (options.pinFile !== undefined) {
    try {
      text = await readFile(options.pinFile, 'utf8');
    } catch (error) {
      throw new CliFailure(
        'PIN_FILE_UNREADABLE',
        `cannot read the PIN file ${options.pinFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of terminal().stdin) chunks.push(Buffer.from(chunk as Uint8Array));
    text = Buffer.concat(chunks).toString('utf8');
  }
  return text.replace(/\r?\n$/, '');
}

/**
 * Runs `program` on `args` (without the node and script paths): resolves
 * with undefined when the command ran, else with the exit code of its
 * failure, printed as `describe` puts it (--help and --version end here
 * with 0, usage mistakes with 2).
 */
export async function parseReporting(
  program: Command,
  args: readonly string[],
  describe: (error: unknown) => readonly [message: string, exitCode: number],
): Promise<number | undefined> {
  try {
    await program.parseAsync(args, { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    const [message, code] = describe(error);
    terminal().stderr.write(`podpis: ${message}\n`);
    return code;
  }
}
