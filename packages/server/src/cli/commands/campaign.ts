import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { controlBulkJob, getBulkJob, type BulkJob } from '../../bulk/jobs.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import { USER_KEY_SPECS, type UserKeySpecName } from '../../ca/certificate-lifecycle.js';
import {
  campaignReportCsv,
  certificateCampaignHandler,
  startCertificateCampaign,
  type CampaignSelection,
} from '../../campaigns/campaign.js';
import { DomainError } from '../../core/domain-error.js';
import { BulkJobRunner } from '../../jobs/bulk-job-runner.js';
import { createLogger } from '../../logger.js';
import type { AccountStatus } from '../../people/accounts.js';
import { rowsProgressLine } from './import.js';
import type { ProgressMode } from './progress.js';
import { resolveUser } from './user.js';
import {
  action,
  cliActor,
  CliUsageError,
  DIRECT_DATABASE_HELP,
  emit,
  fields,
  jsonOption,
  positiveInteger,
  readPin,
  withAuthority,
  type CliDeps,
} from './shared.js';
import { terminal } from '../terminal.js';

const KEY_ALGORITHMS = Object.keys(USER_KEY_SPECS) as UserKeySpecName[];
const STATUSES: readonly AccountStatus[] = ['active', 'locked', 'disabled'];

type IssueOptions = {
  profile: string;
  usersFile?: string;
  filter?: string;
  status?: AccountStatus;
  alg?: UserKeySpecName;
  days?: number;
  keyStore: string;
  confirmation: 'pin' | 'device';
  pinFile?: string;
  pinStdin?: boolean;
  skipExisting?: boolean;
  report?: string;
  json?: boolean;
};

/** The users of a --users-file: one id or login a line; blank lines and # comments ignored. */
function readUsersFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliUsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Works through the campaign in this process (one more node of the queue:
 * running servers help) with a progress bar on stderr, until it completes
 * or is paused or cancelled from elsewhere; writes the report then.
 */
async function follow(
  ca: AuthorityContext,
  jobId: string,
  options: { json?: boolean; report?: string },
): Promise<{ job: BulkJob; report: string }> {
  const mode: ProgressMode = options.json ? 'off' : terminal().stderr.isTTY ? 'tty' : 'lines';
  const runner = new BulkJobRunner(ca.db, {
    handlers: [certificateCampaignHandler(ca)],
    logger: createLogger('silent'),
    pollMs: 100,
  });
  runner.start();
  const started = Date.now();
  let lastLine = 0;
  let current = await getBulkJob(ca.db, jobId);
  const line = () => rowsProgressLine(current, (Date.now() - started) / 1000, 'users');
  try {
    while (current.status === 'queued' || current.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      current = await getBulkJob(ca.db, jobId);
      const now = Date.now();
      if (mode === 'tty') terminal().stderr.write(`\r\x1b[2K${line()}`);
      else if (mode === 'lines' && now - lastLine >= 1000) {
        lastLine = now;
        terminal().stderr.write(`${line()}\n`);
      }
    }
  } finally {
    await runner.stop();
  }
  current = await getBulkJob(ca.db, jobId);
  if (mode === 'tty') terminal().stderr.write('\n');
  else if (mode === 'lines') terminal().stderr.write(`${line()}\n`);
  const report = options.report ?? `campaign-${jobId}.csv`;
  writeFileSync(report, await campaignReportCsv(ca.db, jobId));
  return { job: current, report };
}

function printOutcome(json: boolean | undefined, result: { job: BulkJob; report: string }): void {
  const { job, report } = result;
  emit(json, result, () =>
    fields([
      ['job', job.id],
      ['status', job.status],
      ['users', String(job.total)],
      ['processed', String(job.processed)],
      ['issued', String(job.counts.issued)],
      ['skipped', String(job.counts.skipped)],
      ['failed', String(job.counts.failed)],
      ['report', report],
      ...(job.status === 'paused' ? [['resume with', `podpis campaign resume ${job.id}`] as const] : []),
    ]),
  );
}

export function registerCampaignCommands(program: Command, deps: CliDeps): void {
  const campaign = program
    .command('campaign')
    .description('certificate campaigns: a key and a certificate for each of many users, as a bulk job')
    .addHelpText('after', DIRECT_DATABASE_HELP);

  jsonOption(
    campaign
      .command('issue')
      .description(
        'issue a certificate to each user of a list or a search, with a progress bar; prints the counts and writes the per-user report (pause it from elsewhere with `podpis campaign pause`)',
      )
      .requiredOption('--profile <id>', 'the certificate profile (`podpis cert profiles`)')
      .option('--users-file <file>', 'the users: one id or login a line')
      .option(
        '--filter <search>',
        'the users the users list shows for this search (login, name, SNILS or INN); "" for all',
      )
      .addOption(
        new Option('--status <status>', 'with --filter: only users of this status').choices(STATUSES),
      )
      .addOption(
        new Option('--alg <algorithm>', "key algorithm (default: the profile's first)").choices(
          KEY_ALGORITHMS,
        ),
      )
      .option('--days <n>', "validity in days (default: the profile's)", positiveInteger)
      .option('--key-store <store>', 'software, or pkcs11 when PODPIS_PKCS11_* name a token', 'software')
      .addOption(
        new Option(
          '--confirmation <how>',
          "pin: the campaign's temporary PIN (each holder changes it); device: no PIN, the holder's device approves each use",
        )
          .choices(['pin', 'device'])
          .default('pin'),
      )
      .option('--pin-file <file>', 'read the temporary key PIN (6–128 characters) from this file')
      .option('--pin-stdin', 'read the temporary key PIN from standard input')
      .option('--skip-existing', 'skip users who already hold a valid certificate of the profile')
      .option('--report <file.csv>', 'where to write the report (default: campaign-<job id>.csv)'),
  ).action(
    action(deps, async (config, options: IssueOptions) => {
      if ((options.usersFile !== undefined) === (options.filter !== undefined)) {
        throw new CliUsageError('name the users with exactly one of --users-file FILE or --filter SEARCH');
      }
      const refs = options.usersFile !== undefined ? readUsersFile(options.usersFile) : undefined;
      const pin = options.confirmation === 'pin' ? await readPin(options) : undefined;
      const result = await withAuthority(config, async (ca) => {
        let selection: CampaignSelection;
        if (refs !== undefined) {
          const ids: string[] = [];
          for (const ref of refs) ids.push((await resolveUser(ca.db, ref)).id);
          selection = { accountIds: ids };
        } else {
          selection = {
            filter: {
              ...(options.filter ? { search: options.filter } : {}),
              ...(options.status !== undefined ? { status: options.status } : {}),
            },
          };
        }
        const job = await startCertificateCampaign(
          ca,
          {
            selection,
            certificateProfile: options.profile,
            ...(options.alg !== undefined ? { keySpec: options.alg } : {}),
            keyStore: options.keyStore,
            confirmation: options.confirmation,
            ...(pin !== undefined ? { pin, pinConfirmation: pin } : {}),
            ...(options.days !== undefined ? { validityDays: options.days } : {}),
            skipExisting: options.skipExisting ?? false,
          },
          { actor: cliActor() },
        );
        return follow(ca, job.id, options);
      });
      printOutcome(options.json, result);
    }),
  );

  for (const control of ['pause', 'resume', 'cancel'] as const) {
    const summary = {
      pause: 'pause a campaign after the batch in progress',
      resume: 'resume a paused (or failed) campaign where it stopped, following it with the progress bar',
      cancel: 'cancel a campaign: the certificates issued stay, the rest are not issued',
    }[control];
    const command = jsonOption(
      campaign.command(control).description(summary).argument('<job>', 'the campaign’s job id'),
    );
    if (control === 'resume') {
      command.option('--report <file.csv>', 'where to write the report (default: campaign-<job id>.csv)');
    }
    command.action(
      action(deps, async (config, jobId: string, options: { json?: boolean; report?: string }) => {
        const result = await withAuthority(config, async (ca) => {
          if ((await getBulkJob(ca.db, jobId)).kind !== 'certificate.campaign') {
            throw new DomainError('BULK_JOB_NOT_FOUND', `no certificate campaign ${jobId}`);
          }
          const job = await controlBulkJob(ca.db, jobId, control, { actor: cliActor() });
          if (control !== 'resume') return { job, report: '' };
          return follow(ca, jobId, options);
        });
        if (control === 'resume') printOutcome(options.json, result);
        else
          emit(options.json, result.job, () =>
            fields([
              ['job', result.job.id],
              ['status', result.job.status],
              ['processed', `${result.job.processed}/${result.job.total}`],
            ]),
          );
      }),
    );
  }
}
