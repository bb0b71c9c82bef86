import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { AuthorityContext } from '../../ca/authorities.js';
import { getBulkJob } from '../../bulk/jobs.js';
import type { Config } from '../../config/config.js';
import {
  checkFilePassword,
  DELIVERY_FORMATS,
  deliverTemporaryPasswords,
  type Delivery,
  type DeliveryFormat,
} from '../../people/temporary-passwords.js';
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

/**
 * The file password from a file (`--file-password-file`), never from the
 * command line, where `ps` and shell history would show it, as with key
 * PINs; one trailing line break is dropped.
 */
export function readFilePassword(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new CliUsageError(`cannot read the file password from ${path}: ${(error as Error).message}`);
  }
}

/** What the operator asked for: the format, the file to write, and the file password if they chose one. */
export interface PasswordDeliveryRequest {
  format: DeliveryFormat;
  out: string;
  filePassword?: string;
}

/**
 * Creates the output file (owner-only, never over an existing file) before
 * the one delivery happens, so a path that cannot be written loses no
 * passwords; the file is removed again if the delivery fails.
 */
export async function deliverToFile(
  ca: AuthorityContext,
  config: Pick<Config, 'publicUrl'>,
  jobId: string,
  request: PasswordDeliveryRequest,
): Promise<Delivery> {
  if (request.filePassword !== undefined) {
    if (request.format !== 'protected-file') {
      throw new CliUsageError('--file-password-file goes with the protected file only');
    }
    checkFilePassword(request.filePassword);
  }
  let fd: number;
  try {
    fd = openSync(request.out, 'wx', 0o600);
  } catch (error) {
    throw new CliUsageError(`cannot create ${request.out}: ${(error as Error).message}`);
  }
  try {
    const delivery = await deliverTemporaryPasswords(
      { db: ca.db, sealer: ca.keyStore, publicUrl: config.publicUrl, now: ca.now },
      await getBulkJob(ca.db, jobId),
      {
        format: request.format,
        ...(request.filePassword !== undefined ? { filePassword: request.filePassword } : {}),
      },
      { actor: cliActor() },
    );
    writeSync(fd, delivery.content);
    closeSync(fd);
    return delivery;
  } catch (error) {
    closeSync(fd);
    unlinkSync(request.out);
    throw error;
  }
}

/** The lines an operator reads after a delivery; the generated file password is printed this once. */
export function deliveryFields(delivery: Delivery, out: string): (readonly [string, string])[] {
  return [
    ['passwords', `${delivery.delivered} in ${out} (${delivery.format})`],
    ...(delivery.leftOut.length > 0
      ? [
          [
            'left out',
            delivery.leftOut
              .map((l) => `${l.login} (${l.reason === 'changed' ? 'already signed in' : 'expired'})`)
              .join(', '),
          ] as const,
        ]
      : []),
    ...(delivery.generatedFilePassword
      ? [['file password', `${delivery.generatedFilePassword}   (shown only now; it opens ${out})`] as const]
      : []),
  ];
}

type DeliverOptions = { format: DeliveryFormat; out: string; filePasswordFile?: string; json?: boolean };

export function registerPasswordCommands(program: Command, deps: CliDeps): void {
  const passwords = program
    .command('passwords')
    .description('temporary passwords of users a bulk job (HR import) created')
    .addHelpText('after', DIRECT_DATABASE_HELP);

  jsonOption(
    passwords
      .command('deliver')
      .description(
        "write a finished job's temporary passwords, once: printed letters (one A4 page per employee, in Russian) or a list in a PDF encrypted with AES-256; afterwards they are no longer kept",
      )
      .argument('<job>', 'the bulk job id')
      .addOption(
        new Option('--format <format>', 'letters or protected-file')
          .choices(DELIVERY_FORMATS)
          .makeOptionMandatory(),
      )
      .requiredOption('--out <file.pdf>', 'the file to create (never overwritten)')
      .option(
        '--file-password-file <file>',
        'protected-file: a file holding the password that opens it (12 characters with three kinds of letters, digits and signs, or 20); default: one is generated and printed once',
      ),
  ).action(
    action(deps, async (config, job: string, options: DeliverOptions) => {
      const delivery = await withAuthority(config, (ca) =>
        deliverToFile(ca, config, job, {
          format: options.format,
          out: options.out,
          ...(options.filePasswordFile !== undefined
            ? { filePassword: readFilePassword(options.filePasswordFile) }
            : {}),
        }),
      );
      emit(
        options.json,
        {
          format: delivery.format,
          file: options.out,
          delivered: delivery.delivered,
          leftOut: delivery.leftOut,
          ...(delivery.generatedFilePassword
            ? { generatedFilePassword: delivery.generatedFilePassword }
            : {}),
        },
        () => fields(deliveryFields(delivery, options.out)),
      );
    }),
  );
}
