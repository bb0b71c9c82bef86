import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { getBulkJob, type BulkJob } from '../../bulk/jobs.js';
import { HR_ENCODINGS, HR_FORMATS, type HrEncoding, type HrFormat } from '../../hr/hr-file.js';
import { hrImportHandler, hrImportReportCsv, startHrImport } from '../../hr/import.js';
import type { HrMapping } from '../../hr/mapping.js';
import { saveHrSource } from '../../hr/sources.js';
import { checkFilePassword } from '../../people/temporary-passwords.js';
import { BulkJobRunner } from '../../jobs/bulk-job-runner.js';
import { createLogger } from '../../logger.js';
import {
  deliverToFile,
  deliveryFields,
  readFilePassword,
  type PasswordDeliveryRequest,
} from './passwords.js';
import type { ProgressMode } from './progress.js';
import {
  action,
  cliActor,
  CliUsageError,
  DIRECT_DATABASE_HELP,
  emit,
  fields,
  jsonOption,
  withAuthority,
  type CliDeps,
} from './shared.js';
import { terminal } from '../terminal.js';

const BAR_WIDTH = 30;

/** "[#########.....................] 3000/10000 (30%) 812 rows/s" (a campaign counts users). */
export function rowsProgressLine(
  job: Pick<BulkJob, 'processed' | 'total'>,
  seconds: number,
  unit = 'rows',
): string {
  const share = job.total > 0 ? job.processed / job.total : 1;
  const filled = Math.round(share * BAR_WIDTH);
  const rate = Math.round(job.processed / Math.max(seconds, 0.001));
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${job.processed}/${job.total} (${Math.floor(share * 100)}%) ${rate} ${unit}/s`;
}

function readMapping(path: string): HrMapping {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliUsageError(`cannot read the mapping ${path}: ${(error as Error).message}`);
  }
  const m = parsed as Partial<HrMapping>;
  if (typeof m.kind !== 'string' || typeof m.columns !== 'object') {
    throw new CliUsageError(
      `${path}: a mapping is {"kind": "employee", "columns": {...}, "defaults": {...}}`,
    );
  }
  return { kind: m.kind, columns: m.columns, defaults: m.defaults ?? {} };
}

type ImportOptions = {
  source: string;
  mapping?: string;
  full?: boolean;
  markLeavers?: boolean;
  encoding?: HrEncoding;
  format?: HrFormat;
  delimiter?: string;
  report?: string;
  passwords?: string;
  passwordsFile?: string;
  filePasswordFile?: string;
  json?: boolean;
};

/** --passwords or --passwords-file (with --file-password-file) as one delivery request, checked before the import. */
function passwordRequest(options: ImportOptions): PasswordDeliveryRequest | undefined {
  if (options.passwords !== undefined && options.passwordsFile !== undefined) {
    throw new CliUsageError('choose --passwords (letters) or --passwords-file (protected file), not both');
  }
  if (options.filePasswordFile !== undefined && options.passwordsFile === undefined) {
    throw new CliUsageError('--file-password-file goes with --passwords-file');
  }
  const filePassword =
    options.filePasswordFile !== undefined ? readFilePassword(options.filePasswordFile) : undefined;
  const out = options.passwords ?? options.passwordsFile;
  if (out === undefined) return undefined;
  // The import runs first: a password or a path that would fail the delivery fails now.
  if (existsSync(out)) throw new CliUsageError(`${out} exists; the passwords are written to a new file`);
  if (filePassword !== undefined) checkFilePassword(filePassword);
  if (options.passwords !== undefined) return { format: 'letters', out: options.passwords };
  return {
    format: 'protected-file',
    out,
    ...(filePassword !== undefined ? { filePassword } : {}),
  };
}

export function registerImportCommands(program: Command, deps: CliDeps): void {
  const importCommand = program
    .command('import')
    .description('bulk imports into the installation')
    .addHelpText('after', DIRECT_DATABASE_HELP);

  jsonOption(
    importCommand
      .command('hr')
      .description(
        'import an HR export (CSV from 1C/SAP: ; , or tab, UTF-8 or Windows-1251; or JSON) as a bulk job, with a progress bar; prints the counts and writes the per-row report',
      )
      .argument('<file>', 'the export')
      .requiredOption('--source <id>', 'the HR source (its saved column mapping), e.g. 1c')
      .option(
        '--mapping <file.json>',
        'save this column mapping for the source first: {"kind", "columns", "defaults"}',
      )
      .option(
        '--mark-leavers',
        'with --mapping: a full export marks the employees missing from it as having left',
      )
      .option(
        '--full',
        'the export lists every employee: those missing are leavers (when the source marks them)',
      )
      .addOption(
        new Option(
          '--encoding <encoding>',
          'the file encoding (default: the source’s, auto-detected)',
        ).choices(HR_ENCODINGS),
      )
      .addOption(new Option('--format <format>', 'csv or json (default: detected)').choices(HR_FORMATS))
      .option('--delimiter <char>', 'the CSV delimiter (default: detected among ; , and tab)')
      .option('--report <file.csv>', 'where to write the per-row report (default: hr-import-<job id>.csv)')
      .option(
        '--passwords <letters.pdf>',
        "when the job completes, write the new employees' temporary passwords as printed letters (once: they are not kept)",
      )
      .option(
        '--passwords-file <file.pdf>',
        'or as a list in a PDF encrypted with AES-256 (once), opened by the password in --file-password-file or a generated one printed once',
      )
      .option(
        '--file-password-file <file>',
        'with --passwords-file: a file holding the password that opens it (not on the command line, where ps shows it)',
      ),
  ).action(
    action(deps, async (config, file: string, options: ImportOptions) => {
      if (options.delimiter !== undefined && options.delimiter.length !== 1) {
        throw new CliUsageError("--delimiter is one character (use $'\\t' for a tab)");
      }
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch (error) {
        throw new CliUsageError(`cannot read ${file}: ${(error as Error).message}`);
      }
      const passwords = passwordRequest(options);
      const mode: ProgressMode = options.json ? 'off' : terminal().stderr.isTTY ? 'tty' : 'lines';
      const context = { actor: cliActor() };
      const { job, reportFile, delivery } = await withAuthority(config, async (ca) => {
        const { db } = ca;
        if (options.mapping !== undefined) {
          await saveHrSource(
            db,
            {
              id: options.source,
              mapping: readMapping(options.mapping),
              markLeavers: options.markLeavers ?? false,
            },
            context,
          );
        }
        const queued = await startHrImport(
          db,
          {
            sourceId: options.source,
            file: bytes,
            fileName: file,
            ...(options.full !== undefined ? { full: options.full } : {}),
            ...(options.encoding !== undefined ? { encoding: options.encoding } : {}),
            ...(options.format !== undefined ? { format: options.format } : {}),
            ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
          },
          context,
        );
        // This process is one more node working through the queue until its job is done.
        const runner = new BulkJobRunner(db, {
          handlers: [hrImportHandler],
          logger: createLogger('silent'),
          pollMs: 100,
          services: {
            temporaryPasswords: { sealer: ca.keyStore, validDays: config.auth.temporaryPasswordDays },
          },
        });
        runner.start();
        const started = Date.now();
        let lastLine = 0;
        let current = queued;
        try {
          while (current.status === 'queued' || current.status === 'running') {
            await new Promise((resolve) => setTimeout(resolve, 200));
            current = await getBulkJob(db, queued.id);
            const now = Date.now();
            if (mode === 'tty')
              terminal().stderr.write(`\r\x1b[2K${rowsProgressLine(current, (now - started) / 1000)}`);
            else if (mode === 'lines' && now - lastLine >= 1000) {
              lastLine = now;
              terminal().stderr.write(`${rowsProgressLine(current, (now - started) / 1000)}\n`);
            }
          }
        } finally {
          await runner.stop();
        }
        if (mode === 'tty') terminal().stderr.write('\n');
        else if (mode === 'lines')
          terminal().stderr.write(`${rowsProgressLine(current, (Date.now() - started) / 1000)}\n`);
        const target = options.report ?? `hr-import-${queued.id}.csv`;
        writeFileSync(target, await hrImportReportCsv(db, queued.id));
        const delivered =
          passwords && current.status === 'completed' && current.counts.created > 0
            ? await deliverToFile(ca, config, queued.id, passwords)
            : undefined;
        return { job: current, reportFile: target, delivery: delivered };
      });
      emit(
        options.json,
        {
          job,
          report: reportFile,
          ...(delivery
            ? {
                passwords: {
                  format: delivery.format,
                  file: passwords!.out,
                  delivered: delivery.delivered,
                  leftOut: delivery.leftOut,
                  ...(delivery.generatedFilePassword
                    ? { generatedFilePassword: delivery.generatedFilePassword }
                    : {}),
                },
              }
            : {}),
        },
        () =>
          fields([
            ['job', job.id],
            ['status', job.status],
            ['rows', String(job.total)],
            ...Object.entries(job.counts).map(([outcome, n]) => [outcome, String(n)] as const),
            ['report', reportFile],
            ...(delivery ? deliveryFields(delivery, passwords!.out) : []),
          ]),
      );
    }),
  );
}
