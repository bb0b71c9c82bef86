import type { Command } from 'commander';
import { createBackup } from '../backup/create.js';
import { PASSPHRASE_VARIABLE, readPassphrase } from '../backup/passphrase.js';
import { restoreBackup } from '../backup/restore.js';
import { action, CliFailure, emit, jsonOption, type CliDeps } from './shared.js';

const BACKUP_HELP = `
One archive of the installation, encrypted (AES-256-GCM, key from the
passphrase through scrypt) and authenticated: a changed or cut-off file is
refused. The passphrase comes from --passphrase-file FILE or the environment
variable ${PASSPHRASE_VARIABLE}, never from the command line (at least 12
characters for a new backup). Keep it apart from the archive.

Embedded database: the server must be stopped (else DB_LOCKED); the archive
holds pglite/, keys/ (the master key) and tls/ of the data directory.
PostgreSQL (DATABASE_URL): runs beside the servers; pg_dump (custom format,
one consistent snapshot) of the database, plus keys/ and tls/ of the data
directory. A master key given by PODPIS_MASTER_KEY is not in the archive,
nor are keys on a PKCS#11 token: back those up apart (docs/deploy.md).
pg_dump, pg_restore and psql come from PATH, or from --pg-bin DIR; use the
PostgreSQL server's major version (e.g. /usr/lib/postgresql/15/bin).
`;

const pgBinOption = ['--pg-bin <dir>', 'directory of pg_dump, pg_restore and psql (default: PATH)'] as const;

export function registerBackupCommands(program: Command, deps: CliDeps): void {
  jsonOption(
    program
      .command('backup')
      .description('write one encrypted archive of the database, the master key and the TLS files')
      .requiredOption('--out <file>', 'the archive to write (refuses to overwrite one)')
      .option('--passphrase-file <file>', `file holding the passphrase (or set ${PASSPHRASE_VARIABLE})`)
      .option(...pgBinOption)
      .addHelpText('after', BACKUP_HELP),
  ).action(
    action(
      deps,
      async (config, options: { out: string; passphraseFile?: string; pgBin?: string; json?: boolean }) => {
        const passphrase = await readPassphrase(options, 'backup');
        const result = await createBackup(config, { out: options.out, passphrase, pgBin: options.pgBin });
        emit(options.json, result, () =>
          [
            `wrote ${result.file} (${result.bytes} bytes, encrypted): ${result.database === 'postgresql' ? 'pg_dump of the database' : 'pglite'}${result.entries
              .filter((e) => e !== 'pglite')
              .map((e) => `, ${e}/`)
              .join('')}`,
            `  migration ${result.migration.version}, master key fingerprint ${result.masterKeyFingerprint ?? 'not recorded yet'}`,
            ...(result.masterKeySource === 'environment'
              ? ['  the master key comes from PODPIS_MASTER_KEY and is NOT in the archive: keep it apart']
              : []),
            ...(result.pkcs11Keys > 0
              ? [
                  `  ${result.pkcs11Keys} key(s) live on the PKCS#11 token and are NOT in the archive: back the token up`,
                ]
              : []),
            '',
          ].join('\n'),
        );
      },
    ),
  );

  jsonOption(
    program
      .command('restore')
      .description('restore a "podpis backup" archive into an empty data directory or database')
      .requiredOption('--in <file>', 'the archive to restore')
      .option('--passphrase-file <file>', `file holding the passphrase (or set ${PASSPHRASE_VARIABLE})`)
      .option(
        '--force',
        'replace the installation already there (embedded: the data directory; PostgreSQL: the public schema)',
      )
      .option(...pgBinOption)
      .addHelpText(
        'after',
        `${BACKUP_HELP}
Restore checks the archive's header first (kind, migration level, master-key
fingerprint against PODPIS_MASTER_KEY when set), then authenticates every
record before anything takes effect: the embedded database is unpacked
aside and moved in at the end; on PostgreSQL, pg_restore's SQL runs in one
transaction that commits only after the last record was checked. Then it
applies newer migrations, checks the master key against the database and
verifies the audit chain (exit 1 if broken). Unencrypted archives of older
versions are still read.
`,
      ),
  ).action(
    action(
      deps,
      async (
        config,
        options: { in: string; passphraseFile?: string; force?: boolean; pgBin?: string; json?: boolean },
      ) => {
        const result = await restoreBackup(config, {
          input: options.in,
          passphrase: () => readPassphrase(options, 'restore'),
          force: options.force === true,
          pgBin: options.pgBin,
        });
        emit(options.json, result, () =>
          [
            `restored ${result.entries.join(', ')} into ${result.database === 'postgresql' ? 'the database and ' : ''}${result.dataDir}${result.replaced ? ' (the previous installation was replaced)' : ''}`,
            ...(result.migration
              ? [`  backup of ${result.createdAt ?? ''}, migration ${result.migration.version}`]
              : []),
            ...(result.pkcs11Keys > 0
              ? [`  ${result.pkcs11Keys} key(s) live on the PKCS#11 token: restore the token too`]
              : []),
            `  audit log: ${result.audit.ok ? 'OK' : 'BROKEN'}: ${result.audit.message}`,
            '',
          ].join('\n'),
        );
        if (!result.audit.ok)
          throw new CliFailure('AUDIT_BROKEN', 'the restored audit log does not verify (see above)');
      },
    ),
  );
}
