#!/usr/bin/env node
/**
 * `podpis-authenticator`: the command-line device of mobile confirmation
 * (issue #12), for servers, test rigs and people without a smartphone. Its
 * key is an ECDSA P-256 key in a state file encrypted under a passphrase;
 * it speaks only the device protocol of `@podpis/confirm` to
 * `/api/v1/device/*`, and never loads the server.
 */
import { hostname } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import { ConfirmError, fromBase64url } from '@podpis/confirm';
import { VERSION } from '../../version.js';
import { EXIT } from '../exit-codes.js';
import { CliFailure, CliUsageError, positiveInteger } from '../commands/failures.js';
import { Device, deviceClient } from './device.js';
import { enrol } from './enrol.js';
import { answerOffline, describeOffline, offlineRequestOf, qrTextOfPng } from './offline.js';
import {
  checkedVerificationCode,
  codesMatch,
  decide,
  describeOperation,
  describePending,
  outcomeLine,
  pendingOperation,
} from './operations.js';
import { newPassphrase, passphrase, type PassphraseOptions } from './passphrase.js';
import { StateFile, defaultStatePath } from './state-file.js';
import { watch } from './watch.js';

const NAME = 'podpis-authenticator';

function fail(message: string, code: number): never {
  process.stderr.write(`${NAME}: ${message}\n`);
  process.exit(code);
}

/** Known failures print one line (`message [CODE]`), as `podpis` does; anything else is a bug and prints its stack. */
function reportFailure(error: unknown): never {
  if (error instanceof CliFailure) fail(`${error.message} [${error.code}]`, error.exitCode);
  if (error instanceof CliUsageError) fail(error.message, EXIT.USAGE);
  if (error instanceof ConfirmError) fail(`${error.message} [${error.code}]`, EXIT.FAILURE);
  fail(error instanceof Error ? (error.stack ?? error.message) : String(error), EXIT.FAILURE);
}

interface FileOptions extends PassphraseOptions {
  file: string;
}

interface NetworkOptions extends FileOptions {
  caFile?: string;
  json?: boolean;
}

/** Adds --file and --passphrase-file, which every command but --help needs. */
function fileOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--file <path>', 'the state file')
        .env('PODPIS_AUTHENTICATOR_FILE')
        .default(defaultStatePath(), 'PODPIS_AUTHENTICATOR_FILE or ~/.config/podpis/authenticator.json'),
    )
    .option(
      '--passphrase-file <file>',
      "the state file's passphrase from a file (else PODPIS_AUTHENTICATOR_PASSPHRASE, else asked)",
    );
}

/** Adds the state file options, --ca-file and --json. */
function networkOptions(command: Command): Command {
  return fileOptions(command)
    .option('--ca-file <pem>', "CA certificate(s) to trust for the server's TLS (enrol saves it)")
    .option('--json', 'print the result as JSON');
}

/** The enrolled device of the options' state file, connected to its server (or not, for offline use). */
async function openDevice(options: NetworkOptions, connect = true): Promise<Device> {
  const { file, state } = await StateFile.open(options.file, () => passphrase(options));
  if (!connect) return Device.of(file, state);
  return Device.of(file, state, await deviceClient(state.server, options.caFile, state.ca));
}

const out = (text: string): void => {
  process.stdout.write(text);
};
const note = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

const program = new Command()
  .name(NAME)
  .description(
    'A device for mobile confirmation (МЭП) of Podpis signing and decryption: an ECDSA P-256 key in a file encrypted under a passphrase',
  )
  .version(VERSION, '-v, --version', 'print the version')
  .helpOption('-h, --help', 'show help')
  .addHelpText(
    'after',
    `
The state file holds the device's key and channel secret, encrypted under
the passphrase (scrypt, AES-256-GCM), mode 0600. The passphrase comes from
--passphrase-file, PODPIS_AUTHENTICATOR_PASSPHRASE, or the terminal.
Exit codes: 0 done, 1 failed or refused by the server (its code is printed),
2 wrong usage, 3 the server could not be reached (network, TLS).
`,
  )
  .showHelpAfterError(`(run ${NAME} --help for usage)`)
  .exitOverride();

fileOptions(
  program
    .command('enrol')
    .description("enrol this machine as a device of your account, with the link the cabinet's QR code holds")
    .argument('[link]', 'the enrolment link, https://host/mobile/#enrol=CODE'),
)
  .option('--server <url>', 'the server, when the activation code is given apart')
  .option('--code <code>', 'the activation code the cabinet shows')
  .option('--name <name>', 'the name of the device in your device list', `${NAME} on ${hostname()}`)
  .option('--ca-file <pem>', "CA certificate(s) to trust for the server's TLS; saved for the other commands")
  .option('--replace', 'overwrite a state file that already holds a device')
  .option('--json', 'print the result as JSON')
  .action(
    async (
      link: string | undefined,
      options: FileOptions & {
        server?: string;
        code?: string;
        name: string;
        caFile?: string;
        replace?: boolean;
        json?: boolean;
      },
    ) => {
      // The passphrase is asked for before the single-use activation code is spent.
      const file = await StateFile.create(
        options.file,
        await newPassphrase(options),
        options.replace === true,
      );
      const state = await enrol(
        {
          ...(link !== undefined ? { link } : {}),
          ...(options.server !== undefined ? { server: options.server } : {}),
          ...(options.code !== undefined ? { code: options.code } : {}),
          ...(options.caFile !== undefined ? { caFile: options.caFile } : {}),
          name: options.name,
        },
        file,
      );
      out(
        options.json === true
          ? `${JSON.stringify({ device: state.device, name: state.name, account: state.account, server: state.server, file: options.file })}\n`
          : [
              `enrolled "${state.name}" as a device of ${state.account} at ${state.server} / устройство подключено`,
              `  device:  ${state.device}`,
              `  file:    ${options.file}`,
              '',
            ].join('\n'),
      );
    },
  );

networkOptions(
  program.command('pending').description('list the operations awaiting a decision of this device'),
).action(async (options: NetworkOptions) => {
  const device = await openDevice(options);
  const { operations } = await device.ask({ type: 'pending' }, 'pending');
  if (options.json === true) {
    for (const operation of operations) await checkedVerificationCode(operation);
    out(`${JSON.stringify({ operations })}\n`);
  } else out(await describePending(operations));
});

for (const decision of ['approve', 'decline'] as const) {
  networkOptions(
    program
      .command(decision)
      .description(
        decision === 'approve'
          ? 'approve an operation after comparing its verification code with the browser'
          : 'decline an operation',
      )
      .argument('<operation-id>', 'the id `pending` shows'),
  )
    .option(
      '-y, --yes',
      decision === 'approve' ? 'do not ask whether the codes match' : 'accepted, as approve takes it',
    )
    .action(async (id: string, options: NetworkOptions & { yes?: boolean }) => {
      const device = await openDevice(options);
      const operation = await pendingOperation(device, id);
      const code = await checkedVerificationCode(operation);
      if (options.json !== true) process.stderr.write(describeOperation(operation, code));
      // Declining needs no check: refusing an operation one did not start is always safe.
      if (decision === 'approve' && options.yes !== true && !(await codesMatch()))
        throw new CliFailure(
          'NOT_CONFIRMED',
          `nothing was sent; if you did not start ${operation.operation}, run ${NAME} decline ${operation.operation}`,
        );
      const outcome = await decide(device, operation, decision);
      out(
        options.json === true
          ? `${JSON.stringify({ operation: operation.operation, decision, outcome })}\n`
          : outcomeLine(operation, outcome),
      );
    });
}

networkOptions(
  program
    .command('watch')
    .description('wait for operations and ask about each (event stream, else asking every 2 s)'),
)
  .option('--auto-approve', 'approve every operation without asking: ONLY for test rigs and robots')
  .option('--poll-ms <ms>', 'how often to ask when the server has no event stream', positiveInteger, 2000)
  .action(async (options: NetworkOptions & { autoApprove?: boolean; pollMs: number }) => {
    if (options.autoApprove !== true && !process.stdin.isTTY)
      throw new CliUsageError(
        'watch asks on the terminal; without one, give --auto-approve (test rigs only)',
      );
    const device = await openDevice(options);
    if (options.json !== true)
      note(`watching for operations of ${device.state.account} at ${device.state.server} (Ctrl+C to stop)`);
    await watch(device, {
      ...(options.autoApprove === true ? { autoApprove: true } : {}),
      ...(options.json === true ? { json: true } : {}),
      pollMs: options.pollMs,
      print: out,
      note,
    });
  });

fileOptions(
  program
    .command('offline')
    .description('the eight-digit code for the offline QR code the browser shows; needs no network')
    .argument('[qr-text]', 'the text of the QR code, PODPIS-OFFLINE-1:{…}'),
)
  .option('--qr-image <png>', 'read the QR code from a PNG image instead')
  .option('--json', 'print the result as JSON')
  .action(async (text: string | undefined, options: FileOptions & { qrImage?: string; json?: boolean }) => {
    if ((text === undefined) === (options.qrImage === undefined))
      throw new CliUsageError('give the QR code text or --qr-image FILE (one of them)');
    const request = offlineRequestOf(text ?? (await qrTextOfPng(options.qrImage!)));
    const device = await openDevice(options, false);
    const answer = await answerOffline(device.ocraKey, request, new Date());
    out(
      options.json === true
        ? `${JSON.stringify({ operation: request.operation, verificationCode: answer.verificationCode, code: answer.code })}\n`
        : describeOffline(answer),
    );
  });

networkOptions(
  program
    .command('preview')
    .description("a document's preview: text to stdout, an image (PDF's first page) to --out")
    .argument('<operation-id>', 'the id `pending` shows')
    .argument('<document>', 'the number `pending` shows next to the document, from 1', positiveInteger),
)
  .option('-o, --out <file>', 'write the preview to this file')
  .action(async (id: string, number: number, options: NetworkOptions & { out?: string }) => {
    const device = await openDevice(options);
    const reply = await device.ask(
      { type: 'preview', operation: id.toLowerCase(), document: number - 1 },
      'preview',
    );
    const content = Buffer.from(fromBase64url(reply.content));
    const text = reply.mediaType.startsWith('text/') || reply.mediaType.endsWith('xml');
    if (options.out !== undefined) {
      await writeFile(options.out, content);
      note(
        `${reply.mediaType}, ${content.length} bytes${reply.truncated ? ' (truncated)' : ''} → ${options.out}`,
      );
    } else if (text || !process.stdout.isTTY) {
      // The bytes as they are: a PNG piped into a file or a viewer, a text in its own UTF-8.
      process.stdout.write(content);
      if (reply.truncated) note('(the preview is truncated)');
    } else throw new CliUsageError(`the preview is ${reply.mediaType}: give --out FILE`);
  });

fileOptions(
  program.command('status').description('the enrolled device: id, server, name, counters (no secrets)'),
)
  .option('--json', 'print the result as JSON')
  .action(async (options: FileOptions & { json?: boolean }) => {
    const { state } = await StateFile.open(options.file, () => passphrase(options));
    const shown = {
      device: state.device,
      name: state.name,
      account: state.account,
      server: state.server,
      enrolledAt: state.enrolledAt,
      file: options.file,
      tlsCa: state.ca !== undefined,
      counters: state.counters,
    };
    out(
      options.json === true
        ? `${JSON.stringify(shown)}\n`
        : [
            `device:    ${shown.device}`,
            `name:      ${shown.name}`,
            `account:   ${shown.account}`,
            `server:    ${shown.server}${shown.tlsCa ? ' (TLS CA saved)' : ''}`,
            `enrolled:  ${shown.enrolledAt}`,
            `file:      ${shown.file}`,
            `counters:  sent ${state.counters.sent}, received ${state.counters.received}`,
            '',
          ].join('\n'),
    );
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // --help and --version end here with exitCode 0; usage mistakes with a non-zero one.
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.OK : EXIT.USAGE);
  reportFailure(error);
}
