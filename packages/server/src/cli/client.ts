import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerEncryptionCommands } from './commands/encrypt.js';
import { CliFailure, CliUsageError, parseReporting } from './commands/failures.js';
import { registerSignCommand } from './commands/sign.js';
import { registerVerifyCommand } from './commands/verify.js';
import { EXIT } from './exit-codes.js';
import { terminal } from './terminal.js';

const CLIENT_COMMANDS: ReadonlySet<string> = new Set(['sign', 'verify', 'encrypt', 'decrypt']);

/** Whether `podpis <command>` is a client of a running server (run.ts then loads only this). */
export function isClientCommand(command: string | undefined): boolean {
  return command !== undefined && CLIENT_COMMANDS.has(command);
}

/** Adds sign, verify, encrypt and decrypt; their failures are thrown to the caller of `parseAsync`. */
export function registerClientCommands(program: Command): void {
  registerSignCommand(program);
  registerVerifyCommand(program);
  registerEncryptionCommands(program);
}

/** What a failure prints (`podpis: message [CODE]` when known; anything else is a bug, with its stack) and its exit code. */
function failure(error: unknown): [message: string, code: number] {
  if (error instanceof CliFailure) return [`${error.message} [${error.code}]`, error.exitCode];
  if (error instanceof CliUsageError) return [error.message, EXIT.USAGE];
  return [error instanceof Error ? (error.stack ?? error.message) : String(error), EXIT.FAILURE];
}

/**
 * Parses and runs one client command (`args` without the node and script
 * paths), as program.ts would, without loading the server; resolves with
 * its exit code, any failure printed.
 */
export function runClient(args: readonly string[]): Promise<number | undefined> {
  const program = new Command()
    .name('podpis')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run podpis --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => terminal().stdout.write(text),
      writeErr: (text) => terminal().stderr.write(text),
    });
  registerClientCommands(program);
  return parseReporting(program, args, failure);
}
