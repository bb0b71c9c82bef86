/**
 * The whole `podpis` program: the server, its administration on the
 * database, and (for --help) the client commands. run.ts loads it for
 * every command but the client ones.
 */
import { Command, Option } from 'commander';
import { CONFIG_VARIABLES, ConfigError, loadConfig, type Config } from '../config/config.js';
import { DbError } from '../db/errors.js';
import { DomainError } from '../core/domain-error.js';
import { migrate } from '../db/migrate.js';
import { describeDatabase, openDatabase } from '../db/open.js';
import { createLogger, logDestination, logFormatFor } from '../logger.js';
import type { CaAlgorithm } from '../ca/setup.js';
import type { FirstAdministrator } from '../ca/first-administrator.js';
import { VERSION } from '../version.js';
import { EXIT } from './exit-codes.js';
import { registerClientCommands } from './client.js';
import { registerBackupCommands } from './commands/backup.js';
import { registerCertCommands } from './commands/cert.js';
import { registerEvidenceCommands } from './commands/evidence.js';
import { parseReporting } from './commands/failures.js';
import { CliFailure, CliUsageError, DB_LOCKED_HINT, withAuthority, type CliDeps } from './commands/shared.js';
import { setExitCode, terminal } from './terminal.js';
import { registerUserCommands } from './commands/user.js';
import { registerImportCommands } from './commands/import.js';
import { registerCampaignCommands } from './commands/campaign.js';
import { registerPasswordCommands } from './commands/passwords.js';

/** The run's configuration; invalid, it is a usage error (exit 2) naming the variable. */
function configOf(): Config {
  try {
    const { config, warnings } = loadConfig(terminal().env, terminal().cwd);
    for (const warning of warnings) terminal().stderr.write(`podpis: warning: ${warning}\n`);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) throw new CliUsageError(error.message);
    throw error;
  }
}

/** What a failure prints and the code it exits with: one line when known; anything else is a bug, with its stack. */
function failure(error: unknown): [message: string, code: number] {
  if (error instanceof DbError && error.code === 'DB_LOCKED')
    return [`${error.message} [${error.code}]\n${DB_LOCKED_HINT}`, EXIT.FAILURE];
  if (error instanceof DbError) return [`${error.message} [${error.code}]`, EXIT.FAILURE];
  if (error instanceof CliFailure) return [`${error.message} [${error.code}]`, error.exitCode];
  if (error instanceof DomainError) return [`${error.message} [${error.code}]`, EXIT.FAILURE];
  if (error instanceof CliUsageError) return [error.message, EXIT.USAGE];
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE' || code === 'EACCES')
    return [`cannot listen: ${(error as Error).message}`, EXIT.FAILURE];
  return [error instanceof Error ? (error.stack ?? error.message) : String(error), EXIT.FAILURE];
}

const environmentHelp = `\nEnvironment:\n${Object.entries(CONFIG_VARIABLES)
  .map(([name, description]) => `  ${name.padEnd(28)}${description}`)
  .join(
    '\n',
  )}\n\nExit codes: 0 success, 1 failure, 2 wrong usage or invalid configuration, 3 server unreachable (client commands).\n`;

const ALGORITHMS: readonly CaAlgorithm[] = ['gost256', 'gost512', 'ecdsa', 'rsa'];
const algorithmOption = (): Option =>
  new Option('--alg <algorithm>', 'key algorithm of the root and issuing CA')
    .choices(ALGORITHMS)
    .default('gost256');

/** What a new installation's administrator needs to know, printed once. */
function administratorLines(admin: FirstAdministrator, url: string): string[] {
  return [
    '  A new installation was created. The CA administrator signs in with a client certificate:',
    `    file:     ${admin.file}`,
    `    password: ${admin.password}   (shown only now; store it safely)`,
    '    import:   Chromium/Chrome: Settings → Privacy and security → Security → Manage certificates →',
    '              Your certificates → Import; Firefox: Settings → Certificates → View Certificates →',
    `              Your Certificates → Import. Then open ${url} and pick the certificate "${admin.login}".`,
    '',
  ];
}

/** A new `podpis` program: Commander keeps the parsed options in it, so each run builds its own. */
function buildProgram(): Command {
  const program = new Command()
    .name('podpis')
    .description('Podpis: cloud electronic signature service with its own certification authority')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addHelpText('after', environmentHelp)
    .showHelpAfterError('(run podpis --help for usage)')
    // Options of `podpis` itself come before the command, so `user edit --version N` is the command's own.
    .enablePositionalOptions()
    .exitOverride()
    // Help, version and usage mistakes go to the run's terminal; set before the commands, which copy it.
    .configureOutput({
      writeOut: (text) => terminal().stdout.write(text),
      writeErr: (text) => terminal().stderr.write(text),
    });

  program
    .command('serve')
    .description('apply pending migrations and serve the HTTPS API and the /pki/* listener until SIGTERM')
    .option(
      '--init-if-empty',
      'create the CAs and the first administrator when the installation is new (npm start does)',
    )
    .addOption(algorithmOption())
    .action(async (options: { initIfEmpty?: boolean; alg: CaAlgorithm }) => {
      const config = configOf();
      // The server is the process's: it logs to the process's stdout and stops on its SIGTERM (the binary's
      // alone; tests start it as a child).
      const logger = createLogger(
        config.logLevel,
        logDestination(logFormatFor(config.logFormat, process.stdout.isTTY)),
      );
      // Loaded by the commands that run them: the HTTP stack and the CA set-up take seconds to load,
      // which every other command (and every script calling one) would pay.
      const { closeOnSignals, startServer } = await import('../server.js');
      const server = await startServer(
        config,
        logger,
        options.initIfEmpty ? { initIfEmpty: { algorithm: options.alg } } : {},
      );
      closeOnSignals(server, { timeoutMs: config.shutdownTimeoutMs, drainMs: config.drainMs }, logger);
      terminal().stdout.write(
        [
          '',
          `  Podpis ${VERSION} is running at ${server.url}`,
          `    office:   ${server.url}/ (operators and administrators: client certificate; users: login)`,
          `    health:   ${server.url}/health`,
          `    API docs: ${server.url}/api/docs`,
          `    PKI:      ${server.pkiUrl}/pki/cas (CRLs, OCSP, CA certificates over plain HTTP)`,
          `    database: ${server.database}`,
          `    TLS:      ${server.tlsCertificateFile}`,
          '',
          ...(server.firstAdministrator ? administratorLines(server.firstAdministrator, server.url) : []),
          '  Press Ctrl+C to stop.',
          '',
          '',
        ].join('\n'),
      );
    });

  program
    .command('init')
    .description(
      'create the CAs, OCSP responders and the first administrator of a new installation, then exit',
    )
    .addOption(algorithmOption())
    .action(async (options: { alg: CaAlgorithm }) => {
      const config = configOf();
      const [
        { initialiseInstallation, isInitialised },
        { createFirstAdministrator },
        { topUpServiceCertificates },
      ] = await Promise.all([
        import('../ca/installation.js'),
        import('../ca/first-administrator.js'),
        import('../ca/service-certificate-top-up.js'),
      ]);
      await withAuthority(config, async (ca) => {
        if (await isInitialised(ca)) {
          // What `serve` does at start: an installation older than a service certificate gets it now.
          const toppedUp = await topUpServiceCertificates(ca);
          terminal().stdout.write(
            toppedUp.length === 0
              ? `the installation in ${describeDatabase(config)} already exists; nothing to do\n`
              : [
                  `the installation in ${describeDatabase(config)} already exists; issued what it lacked:`,
                  ...toppedUp.map((c) => `  ${c.caId}/${c.purpose} ${c.serial} (${c.reason})`),
                  '',
                ].join('\n'),
          );
          return;
        }
        const { authorities } = await initialiseInstallation(ca, { algorithm: options.alg, actor: 'system' });
        const admin = await createFirstAdministrator(ca, config.dataDir);
        terminal().stdout.write(
          [
            `created the CAs in ${describeDatabase(config)}:`,
            ...[authorities.root, authorities.issuing, authorities.infrastructureRoot].map(
              (a) => `  ${a.id.padEnd(11)} ${a.subject}`,
            ),
            '',
            ...administratorLines(admin, config.publicUrl),
          ].join('\n'),
        );
      });
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const config = configOf();
      const db = await openDatabase(config);
      try {
        const report = await migrate(db);
        const names = report.applied.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`);
        terminal().stdout.write(
          names.length > 0
            ? `applied ${names.length} migration(s) to ${describeDatabase(config)}: ${names.join(', ')}\n`
            : `${describeDatabase(config)} is up to date (${report.alreadyApplied} migration(s))\n`,
        );
      } finally {
        await db.close();
      }
    });

  program
    .command('audit')
    .description('the tamper-evident audit log')
    .command('verify')
    .description(
      'check the hash chain and signed checkpoints; exit 1 at the first altered, inserted or deleted record',
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const config = configOf();
      const db = await openDatabase(config);
      try {
        await migrate(db);
        const { verifyAuditLog } = await import('../ca/audit-signer.js');
        const result = await verifyAuditLog(db);
        terminal().stdout.write(
          options.json
            ? `${JSON.stringify(result)}\n`
            : `${result.ok ? 'OK' : `BROKEN [${result.problem ?? ''}]`}: ${result.message}\n`,
        );
        setExitCode(result.ok ? EXIT.OK : EXIT.FAILURE);
      } finally {
        await db.close();
      }
    });

  const deps: CliDeps = { config: configOf };
  registerUserCommands(program, deps);
  registerImportCommands(program, deps);
  registerCampaignCommands(program, deps);
  registerPasswordCommands(program, deps);
  registerCertCommands(program, deps);
  registerBackupCommands(program, deps);
  registerEvidenceCommands(program);
  registerClientCommands(program);
  return program;
}

/**
 * Runs one `podpis` command (`args` without the node and script paths) on
 * the current terminal; resolves with its exit code, any failure printed.
 */
export function runProgram(args: readonly string[]): Promise<number | undefined> {
  return parseReporting(buildProgram(), args, failure);
}
