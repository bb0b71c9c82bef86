import { readFile } from 'node:fs/promises';
import { CliFailure, CliUsageError } from '../commands/failures.js';
import { terminal } from '../terminal.js';

/** The environment variable a backup passphrase may come from instead of a file. */
export const PASSPHRASE_VARIABLE = 'PODPIS_BACKUP_PASSPHRASE';

/** Fewer characters are refused for a new archive: scrypt slows guessing, it cannot make "1234" strong. */
export const MIN_PASSPHRASE_LENGTH = 12;

/**
 * The backup passphrase from `--passphrase-file` or PODPIS_BACKUP_PASSPHRASE,
 * never from the command line, where `ps` and shell history would show it.
 * One trailing line break of the file is dropped.
 */
export async function readPassphrase(
  options: { passphraseFile?: string },
  purpose: 'backup' | 'restore',
): Promise<string> {
  const fromEnvironment = terminal().env[PASSPHRASE_VARIABLE];
  if (options.passphraseFile !== undefined && fromEnvironment !== undefined)
    throw new CliUsageError(
      `give the backup passphrase with one of --passphrase-file or ${PASSPHRASE_VARIABLE}`,
    );
  let passphrase: string;
  if (options.passphraseFile !== undefined) {
    try {
      passphrase = (await readFile(options.passphraseFile, 'utf8')).replace(/\r?\n$/, '');
    } catch (error) {
      throw new CliFailure(
        'PASSPHRASE_FILE_UNREADABLE',
        `cannot read the passphrase file ${options.passphraseFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
  } else if (fromEnvironment !== undefined) {
    passphrase = fromEnvironment;
  } else {
    throw new CliUsageError(
      `the backup is encrypted: give its passphrase with --passphrase-file FILE or ${PASSPHRASE_VARIABLE}`,
    );
  }
  if (purpose === 'backup' && Array.from(passphrase).length < MIN_PASSPHRASE_LENGTH)
    throw new CliUsageError(`the backup passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`);
  if (passphrase.length === 0) throw new CliUsageError('the backup passphrase is empty');
  return passphrase;
}
