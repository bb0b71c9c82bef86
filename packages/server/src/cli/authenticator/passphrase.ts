import { readFile } from 'node:fs/promises';
import { CliFailure, CliUsageError } from '../commands/failures.js';
import { promptHidden } from '../commands/pin.js';

/** Where the state file's passphrase may come from; never from the command line, where `ps` shows it. */
export interface PassphraseOptions {
  passphraseFile?: string;
}

const ENVIRONMENT = 'PODPIS_AUTHENTICATOR_PASSPHRASE';
/** New passphrases only: the file holds a key that approves signatures, so a short one would be guessed offline. */
const MIN_LENGTH = 8;

async function given(options: PassphraseOptions): Promise<string | undefined> {
  if (options.passphraseFile !== undefined) {
    try {
      return (await readFile(options.passphraseFile, 'utf8')).replace(/\r?\n$/, '');
    } catch (error) {
      throw new CliFailure(
        'PASSPHRASE_FILE_UNREADABLE',
        `cannot read the passphrase file ${options.passphraseFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
  }
  const fromEnvironment = process.env[ENVIRONMENT];
  if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
  return undefined;
}

const onTerminal = (): boolean => process.stdin.isTTY && process.stderr.isTTY;

const noPassphrase = (): CliUsageError =>
  new CliUsageError(
    `the state file's passphrase is needed: give --passphrase-file FILE or set ${ENVIRONMENT} (or run on a terminal to be asked)`,
  );

/** The passphrase of an existing state file: --passphrase-file, else the variable, else asked without echo. */
export async function passphrase(options: PassphraseOptions): Promise<string> {
  const value = await given(options);
  if (value !== undefined) return value;
  if (onTerminal()) return promptHidden('Passphrase of the authenticator (пароль): ');
  throw noPassphrase();
}

/** A new file's passphrase; on a terminal asked twice, as a typo here would lock the device out. */
export async function newPassphrase(options: PassphraseOptions): Promise<string> {
  let value = await given(options);
  if (value === undefined) {
    if (!onTerminal()) throw noPassphrase();
    value = await promptHidden('New passphrase of the authenticator (новый пароль): ');
    const again = await promptHidden('Repeat it (повторите): ');
    if (again !== value) throw new CliUsageError('the two passphrases differ; nothing was done');
  }
  if (value.length < MIN_LENGTH)
    throw new CliUsageError(`the passphrase is too short: at least ${MIN_LENGTH} characters`);
  return value;
}
