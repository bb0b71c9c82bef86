import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import { checkOutputsFree, isDirectory, outputPaths, writeResult } from './output-file.js';
import { keyPin } from './pin.js';
import { clientOf, note, REMOTE_HELP, remoteOptions, type RemoteOptions } from './remote.js';
import { CliFailure, CliUsageError, positiveInteger, readInput, unreadable } from './failures.js';
import { terminal } from '../terminal.js';

/** The server's MAX_ENCRYPTION_BYTES (signing/encryption.ts), not imported: this command does not load the server. */
const MAX_ENCRYPTION_BYTES = 8 * 1024 * 1024;

interface EncryptOptions extends RemoteOptions {
  to: string[];
  cipher?: string;
  output?: string;
  force?: boolean;
}

interface DecryptOptions extends RemoteOptions {
  cert?: string;
  pinFile?: string;
  output?: string;
  force?: boolean;
  expiresIn?: number;
}

interface DecryptionOperation {
  id: string;
  status: string;
  result?: { size: number };
}

/** The server takes at most this much to encrypt or decrypt: said before the upload, not after. */
async function checkSize(file: string): Promise<void> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw unreadable(file, error);
  }
  if (size > MAX_ENCRYPTION_BYTES)
    throw new CliFailure(
      'FILE_TOO_LARGE',
      `${file} is ${size} bytes; the service encrypts and decrypts at most ${MAX_ENCRYPTION_BYTES}`,
    );
}

/** A recipient: a certificate file (PEM, or DER sent as base64) when the name is a file, else a serial of this service. */
async function recipientOf(to: string): Promise<{ serial: string } | { certificate: string }> {
  if (!existsSync(to)) return { serial: to };
  const bytes = await readInput(to);
  const text = bytes.toString('latin1');
  return { certificate: text.includes('-----BEGIN') ? text : bytes.toString('base64') };
}

async function encrypt(file: string, options: EncryptOptions): Promise<void> {
  const [output] = outputPaths([file], '.p7m', options.output, '.encrypted');
  checkOutputsFree([output!], options.force);
  await checkSize(file);
  const body = {
    content: (await readInput(file)).toString('base64'),
    recipients: await Promise.all(options.to.map(recipientOf)),
    ...(options.cipher !== undefined ? { contentEncryption: options.cipher } : {}),
  };
  const client = await clientOf(options);
  let size = 0;
  await writeResult(output!, options.force, (stream) =>
    client.download('/encryptions', stream, { method: 'POST', body, onBytes: (n) => (size += n) }),
  );
  terminal().stdout.write(
    options.json === true
      ? `${JSON.stringify({ file, output, size, recipients: options.to })}\n`
      : `${file} → ${output!}\n`,
  );
}

/** decrypt's default name: without .p7m/.p7e/.enc, else with .decrypted; beside the input, in -o's directory, or -o. */
function decryptedPath(file: string, output?: string): string {
  const stripped = basename(file).replace(/\.(p7m|p7e|enc)$/i, '');
  const name = stripped === basename(file) ? `${stripped}.decrypted` : stripped;
  if (output === undefined) return join(dirname(file), name);
  return isDirectory(output) ? join(output, name) : output;
}

/** Which of my certificates the message is for: --cert, else the one recipient it names by serial. */
async function certificateFor(message: Buffer, cert: string | undefined): Promise<string> {
  if (cert !== undefined) return cert;
  // Loaded only here: the PKI library is most of what this command would load otherwise.
  const { envelopeRecipientSerials } = await import('@podpis/pki');
  let serials: string[];
  try {
    serials = envelopeRecipientSerials(new Uint8Array(message));
  } catch {
    throw new CliFailure('DECRYPTION_MESSAGE_INVALID', 'not a CMS EnvelopedData or AuthEnvelopedData (DER)');
  }
  if (serials.length !== 1)
    throw new CliUsageError(
      `the message names ${serials.length === 0 ? 'no recipient by serial' : `${serials.length} recipients (${serials.join(', ')})`}: say which certificate of yours with --cert SERIAL`,
    );
  return serials[0]!;
}

async function decrypt(file: string, options: DecryptOptions): Promise<void> {
  const output = decryptedPath(file, options.output);
  checkOutputsFree([output], options.force);
  await checkSize(file);
  const message = await readInput(file);
  const certificate = await certificateFor(message, options.cert);
  const client = await clientOf(options);
  const pin = await keyPin(options, certificate);
  const operation = await client.json<DecryptionOperation>('POST', '/decryption-operations', {
    certificate,
    message: message.toString('base64'),
    ...(options.expiresIn !== undefined ? { expiresIn: options.expiresIn } : {}),
  });
  const path = `/decryption-operations/${operation.id}`;
  try {
    await client.json('POST', `${path}/confirm`, { method: 'pin', pin });
  } catch (error) {
    // A confirmation that did not happen leaves nothing waiting with the message on the server.
    await client.call('DELETE', path).catch(() => undefined);
    throw error;
  }
  let size = 0;
  await writeResult(output, options.force, (stream) =>
    client.download(`${path}/result`, stream, { onBytes: (n) => (size += n) }),
  );
  if (options.json === true)
    terminal().stdout.write(
      `${JSON.stringify({ file, output, size, certificate, operation: operation.id })}\n`,
    );
  else {
    terminal().stdout.write(`${file} → ${output}\n`);
    note(options, `decrypted with certificate ${certificate} (operation ${operation.id})`);
  }
}

export function registerEncryptionCommands(program: Command): void {
  remoteOptions(
    program
      .command('encrypt')
      .description(
        'encrypt a file (at most 8 MiB) to certificates on a running server: CMS EnvelopedData, .p7m',
      )
      .argument('<file>', 'the file to encrypt')
      .requiredOption(
        '--to <serial|cert.pem>',
        'a recipient: serial of a certificate of this service, or a certificate file (PEM/DER); repeatable',
        (value: string, previous: string[]) => [...previous, value],
        [],
      )
      .addOption(
        new Option(
          '--cipher <cipher>',
          'content cipher (default: kuznyechik for GOST recipients, else aes256-gcm)',
        ).choices(['kuznyechik', 'magma', 'aes256-gcm', 'aes256-cbc']),
      )
      .option('-o, --output <path>', 'the encrypted file (default FILE.p7m) or an existing directory')
      .option('--force', 'overwrite an existing output')
      .addHelpText('after', REMOTE_HELP),
  ).action((file: string, options: EncryptOptions) => encrypt(file, options));

  remoteOptions(
    program
      .command('decrypt')
      .description(
        'decrypt a CMS message with the key of one of your certificates on a running server (PIN asked)',
      )
      .argument('<file>', 'the encrypted message (DER, .p7m)')
      .option('--cert <serial>', 'your certificate it is encrypted to (default: the one recipient it names)')
      .option(
        '--pin-file <file>',
        'read the key PIN from a file (else PODPIS_PIN, else asked on the terminal)',
      )
      .option(
        '-o, --output <path>',
        'the decrypted file (default FILE without .p7m) or an existing directory',
      )
      .option('--force', 'overwrite an existing output')
      .option('--expires-in <seconds>', 'how long the operation waits for the PIN (30-3600)', positiveInteger)
      .addHelpText('after', REMOTE_HELP),
  ).action((file: string, options: DecryptOptions) => decrypt(file, options));
}
