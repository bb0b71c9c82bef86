import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ApiClient } from './api-client.js';
import { DIGEST_NAMES, digestFile, digestForKey, type DigestName } from './local-digest.js';
import { checkOutputsFree, outputPaths, writeResult } from './output-file.js';
import { keyPin } from './pin.js';
import { clientOf, note, progressOf, REMOTE_HELP, remoteOptions, type RemoteOptions } from './remote.js';
import { CliFailure, CliUsageError, positiveInteger } from './failures.js';
import type { CliDeps } from './shared.js';

type Format = 'raw' | 'cades' | 'xades' | 'pades';

interface SignOptions extends RemoteOptions {
  cert: string;
  format: Format;
  level?: string;
  attached?: boolean;
  mode?: string;
  reason?: string;
  location?: string;
  stamp?: Stamp;
  stampLang?: 'ru' | 'en';
  hash?: boolean;
  digest?: DigestName;
  pinFile?: string;
  output?: string;
  force?: boolean;
  expiresIn?: number;
}

interface Stamp {
  page: number;
  x: number;
  y: number;
  width?: number;
  height?: number;
}

/** A document of the operation as the API takes it. */
type DocumentRequest = { name: string; size: number } & (
  { content: string } | { document: string } | { digest: string; digestAlgorithm: string }
);

interface Operation {
  id: string;
  status: string;
}

/**
 * Documents up to this size go inline (base64 in the JSON), larger ones are
 * uploaded as a stream first; the budget keeps a batch of inline documents
 * well inside the server's default 10 MiB body limit.
 */
const INLINE_MAX_BYTES = 1024 * 1024;
const INLINE_BUDGET_BYTES = 4 * 1024 * 1024;

const EXTENSIONS: Readonly<Record<Format, string>> = {
  raw: '.sig',
  cades: '.p7s',
  xades: '.xml',
  pades: '.pdf',
};

/** "page,x,y[,width,height]" → the stamp's placement. */
function stampOf(text: string): Stamp {
  const numbers = text.split(',').map((part) => Number(part.trim()));
  if (numbers.length !== 3 && numbers.length !== 5)
    throw new InvalidArgumentError('expected page,x,y or page,x,y,width,height');
  if (numbers.some((n) => !Number.isFinite(n))) throw new InvalidArgumentError('expected numbers');
  const [page, x, y, width, height] = numbers as [number, number, number, number?, number?];
  return {
    page,
    x,
    y,
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
  };
}

/** The format's parameters from the options; the server checks the values and names what it refuses. */
function parametersOf(options: SignOptions): Record<string, unknown> {
  const common = {
    ...(options.level !== undefined ? { level: options.level } : {}),
    ...(options.mode !== undefined ? { mode: options.mode } : {}),
  };
  switch (options.format) {
    case 'raw':
      return {};
    case 'cades':
      return { ...common, detached: options.attached !== true };
    case 'xades':
      return common;
    case 'pades':
      return {
        ...common,
        ...(options.reason !== undefined ? { reason: options.reason } : {}),
        ...(options.location !== undefined ? { location: options.location } : {}),
        ...(options.stamp !== undefined
          ? { stamp: { ...options.stamp, ...(options.stampLang ? { language: options.stampLang } : {}) } }
          : {}),
      };
  }
}

/** What the options cannot mean, said before any file is read or sent. */
function checkUsage(options: SignOptions): void {
  if (options.hash === true && (options.format === 'xades' || options.format === 'pades'))
    throw new CliUsageError(
      `--hash: ${options.format} puts the signature into the document, which the server then needs`,
    );
  if (options.hash === true && options.attached === true)
    throw new CliUsageError(
      '--hash with --attached: an attached signature carries the document; leave one out',
    );
  if (options.attached === true && options.format !== 'cades')
    throw new CliUsageError('--attached applies to --format cades');
  if (options.mode === 'co-sign' || options.mode === 'counter-sign')
    throw new CliUsageError(
      `--mode ${options.mode}: the command line makes new signatures; co- and counter-sign through the API`,
    );
  if (
    (options.stamp ?? options.reason ?? options.location ?? options.stampLang) !== undefined &&
    options.format !== 'pades'
  )
    throw new CliUsageError('--stamp, --stamp-lang, --reason and --location apply to --format pades');
}

/** The extension of the results: an attached CAdES carries the document (.p7m), a detached one does not (.p7s). */
function extensionOf(options: SignOptions): string {
  return options.format === 'cades' && options.attached === true ? '.p7m' : EXTENSIONS[options.format];
}

/** The digest algorithm of the certificate's key, for hash signing: given, else from the certificate. */
async function keyDigest(client: ApiClient, options: SignOptions): Promise<DigestName> {
  if (options.digest !== undefined) return options.digest;
  try {
    const certificate = await client.json<{ details: { publicKeyAlgorithm: { oid: string } } }>(
      'GET',
      `/me/certificates/${encodeURIComponent(options.cert)}`,
    );
    return digestForKey(certificate.details.publicKeyAlgorithm.oid);
  } catch (error) {
    if (error instanceof CliFailure && error.code === 'INSUFFICIENT_SCOPE')
      throw new CliFailure(
        error.code,
        "--hash needs the key's digest algorithm: give --digest streebog256|streebog512|sha256, or a token with the scope certificates:read as well",
      );
    throw error;
  }
}

/**
 * Each file as the operation names it: its digest made here (--hash), its
 * bytes inline when small, or the id of its streamed upload. Uploaded ids
 * go into `uploaded` as they come, so they are deleted even when a later
 * file fails.
 */
async function documentsOf(
  client: ApiClient,
  files: readonly string[],
  options: SignOptions,
  uploaded: string[],
): Promise<DocumentRequest[]> {
  const digestName = options.hash === true ? await keyDigest(client, options) : undefined;
  const documents: DocumentRequest[] = [];
  let inline = 0;
  for (const file of files) {
    const name = basename(file);
    const size = statSync(file).size;
    if (digestName !== undefined) {
      const progress = progressOf(options, `hash ${name}`, size);
      const digest = await digestFile(file, digestName, (n) => {
        progress.add(n);
      });
      progress.finish();
      documents.push({ name, size, ...digest });
    } else if (size <= INLINE_MAX_BYTES && inline + size <= INLINE_BUDGET_BYTES) {
      inline += size;
      documents.push({ name, size, content: (await readFile(file)).toString('base64') });
    } else {
      const progress = progressOf(options, `upload ${name}`, size);
      const stored = await client.upload<{ id: string }>(
        `/documents?name=${encodeURIComponent(name)}`,
        createReadStream(file, { highWaterMark: 1024 * 1024 }),
        size,
        (n) => {
          progress.add(n);
        },
      );
      progress.finish();
      uploaded.push(stored.id);
      documents.push({ name, size, document: stored.id });
    }
  }
  return documents;
}

/** Confirms with the PIN; a refused confirmation cancels the operation rather than leave it waiting. */
async function confirm(client: ApiClient, operation: Operation, pin: string): Promise<void> {
  if (operation.status === 'completed') return;
  const path = `/signing-operations/${operation.id}`;
  try {
    await client.json('POST', `${path}/confirm`, { method: 'pin', pin });
  } catch (error) {
    await client.call('DELETE', path).catch(() => undefined);
    throw error;
  }
}

async function sign(files: string[], options: SignOptions): Promise<void> {
  checkUsage(options);
  for (const file of files) {
    try {
      if (!statSync(file).isFile()) throw new CliUsageError(`${file} is not a file`);
    } catch (error) {
      if (error instanceof CliUsageError) throw error;
      throw new CliFailure(
        'FILE_UNREADABLE',
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
  }
  const outputs = outputPaths(files, extensionOf(options), options.output);
  checkOutputsFree(outputs, options.force);
  const client = await clientOf(options);
  // Asked before a long upload, not after it, so the rest runs unattended.
  const pin = await keyPin(options, options.cert);

  const uploaded: string[] = [];
  try {
    const documents = await documentsOf(client, files, options, uploaded);
    const operation = await client.json<Operation>('POST', '/signing-operations', {
      certificate: options.cert,
      format: options.format,
      parameters: parametersOf(options),
      documents,
      ...(options.expiresIn !== undefined ? { expiresIn: options.expiresIn } : {}),
    });
    await confirm(client, operation, pin);
    const results = [];
    for (const [i, output] of outputs.entries()) {
      let progress = progressOf(options, '', 0);
      let size = 0;
      await writeResult(output, options.force, (stream) =>
        client.download(`/signing-operations/${operation.id}/results/${i}`, stream, {
          onLength: (length) => {
            progress = progressOf(options, `download ${basename(output)}`, length);
          },
          onBytes: (n) => {
            size += n;
            progress.add(n);
          },
        }),
      );
      progress.finish();
      results.push({ file: files[i]!, output, size });
      if (options.json !== true) process.stdout.write(`${files[i]!} → ${output}\n`);
    }
    if (options.json === true)
      process.stdout.write(
        `${JSON.stringify({ operation: operation.id, certificate: options.cert, format: options.format, results })}\n`,
      );
    else
      note(
        options,
        `signed ${results.length} file(s) with certificate ${options.cert} (operation ${operation.id})`,
      );
  } finally {
    // Uploaded documents are no use after their signatures are downloaded; the server would delete them after its retention anyway.
    for (const id of uploaded) await client.call('DELETE', `/documents/${id}`).catch(() => undefined);
  }
}

export function registerSignCommand(program: Command, deps: Pick<CliDeps, 'report'>): void {
  remoteOptions(
    program
      .command('sign')
      .description(
        'sign files with one of your certificates on a running server (uploads large files streamed)',
      )
      .argument('<file...>', 'the files to sign, all in one operation with one PIN')
      .requiredOption('--cert <serial>', 'serial (hex) of your certificate')
      .addOption(
        new Option('--format <format>', 'raw, cades (CMS), xades (XML), pades (PDF)')
          .choices(['raw', 'cades', 'xades', 'pades'])
          .default('cades'),
      )
      .option('--level <level>', 'cades BES|T|XLT1; xades xmldsig|xades-bes|xades-t; pades B-B|B-T')
      .addOption(
        new Option('--attached', 'cades: carry the document in the signature (result .p7m)').conflicts(
          'detached',
        ),
      )
      .option('--detached', 'cades: leave the document out (the default; result .p7s)')
      .option('--mode <mode>', 'xades: enveloped|enveloping|detached')
      .option('--reason <text>', 'pades: the reason for signing')
      .option('--location <text>', 'pades: where it was signed')
      .option(
        '--stamp <page,x,y[,w,h]>',
        'pades: a visible stamp (page from 0, -1 the last; PDF points)',
        stampOf,
      )
      .addOption(new Option('--stamp-lang <lang>', 'pades: the stamp in ru or en').choices(['ru', 'en']))
      .option(
        '--hash',
        "send only each file's digest, made here: the files never leave this machine (raw, cades)",
      )
      .addOption(
        new Option(
          '--digest <algorithm>',
          "--hash: the key's digest (default: asked from the certificate)",
        ).choices(DIGEST_NAMES),
      )
      .option(
        '--pin-file <file>',
        'read the key PIN from a file (else PODPIS_PIN, else asked on the terminal)',
      )
      .option('-o, --output <path>', 'the result file (one input) or an existing directory')
      .option('--force', 'overwrite existing results')
      .option('--expires-in <seconds>', 'how long the operation waits for the PIN (30-3600)', positiveInteger)
      .addHelpText('after', REMOTE_HELP),
  ).action(async (files: string[], options: SignOptions) => {
    try {
      await sign(files, options);
    } catch (error) {
      deps.report(error);
    }
  });
}
