import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { registerEncryptionCommands } from './commands/encrypt.js';
import { CliFailure, CliUsageError } from './commands/failures.js';
import { registerSignCommand } from './commands/sign.js';
import { registerVerifyCommand } from './commands/verify.js';
import { EXIT } from './exit-codes.js';

const CLIENT_COMMANDS: ReadonlySet<string> = new Set(['sign', 'verify', 'encrypt', 'decrypt']);

/** Whether `podpis <command>` is a client of a running server (main.ts then loads only this). */
export function isClientCommand(command: string | undefined): boolean {
  return command !== undefined && CLIENT_COMMANDS.has(command);
}

/** Adds sign, verify, encrypt and decrypt; `report` prints a failure and exits. */
export function registerClientCommands(program: Command, report: (error: unknown) => never): void {
  registerSignCommand(program, { report });
  registerVerifyCommand(program, { report });
  registerEncryptionCommands(program, { report });
}

function fail(message: string, code: number): never {
  process.stderr.write(`podpis: ${message}\n`);
  process.exit(code);
}

/** Known failures print one line (`podpis: message [CODE]`); anything else is a bug and prints its stack. */
function reportFailure(error: unknown): never {
  if (error instanceof CliFailure) fail(`${error.message} [${error.code}]`, error.exitCode);
  if (error instanceof CliUsageError) fail(error.message, EXIT.USAGE);
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error), EXIT.FAILURE);
}

/** Parses and runs one client command, as program.ts would, without loading the server. */
export async function runClient(argv: readonly string[]): Promise<void> {
  const program = new Command()
    .name('podpis')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run podpis --help for usage)')
    .exitOverride();
  registerClientCommands(program, reportFailure);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // --help ends here with exitCode 0; usage mistakes with a non-zero one.
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.OK : EXIT.USAGE);
    reportFailure(error);
  }
}
