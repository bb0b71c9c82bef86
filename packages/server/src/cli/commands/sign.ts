import { createReadStream, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import { keyDigest as askKeyDigest, signAndWait, type SignDocument } from '@podpis/sdk';
import type { ApiClient } from './api-client.js';
import { DIGEST_NAMES, digestFile, type DigestName } from './local-digest.js';
import {
  checkUsage,
  extensionOf,
  parametersOf,
  stampOf,
  uploadKeeps,
  type SignOptions,
} from './sign-parameters.js';
import { checkOutputsFree, outputPaths, writeResult } from './output-file.js';
import { keyPin } from './pin.js';
import { clientOf, note, progressOf, REMOTE_HELP, remoteOptions } from './remote.js';
import { CliFailure, CliUsageError, positiveInteger, unreadable } from './failures.js';
import { terminal } from '../terminal.js';

/**
 * Documents up to this size go inline (base64 in the JSON), larger ones are
 * uploaded as a stream first; the budget keeps a batch of inline documents
 * well inside the server's default 10 MiB body limit.
 */
const INLINE_MAX_BYTES = 1024 * 1024;
const INLINE_BUDGET_BYTES = 4 * 1024 * 1024;

/** The digest algorithm of the certificate's key, for hash signing: given, else from the certificate. */
async function keyDigest(client: ApiClient, options: SignOptions): Promise<DigestName> {
  if (options.digest !== undefined) return options.digest;
  try {
    return await client.run((sdk) => askKeyDigest(sdk, options.cert));
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
 * bytes inline when small, or the id of its streamed upload (kept by the
 * server for its digests alone when large and signed detached, see
 * `uploadKeeps`). Uploaded ids
 * go into `uploaded` as they come, so they are deleted even when a later
 * file fails.
 */
async function documentsOf(
  client: ApiClient,
  files: readonly string[],
  options: SignOptions,
  uploaded: string[],
): Promise<SignDocument[]> {
  const digestName = options.hash === true ? await keyDigest(client, options) : undefined;
  const documents: SignDocument[] = [];
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
      documents.push({ name, size, content: await readFile(file) });
    } else {
      const keep = uploadKeeps(options, size);
      const progress = progressOf(
        options,
        keep === 'digests' ? `upload ${name} (digests only)` : `upload ${name}`,
        size,
      );
      const stored = await client.upload<{ id: string }>(
        `/documents?name=${encodeURIComponent(name)}${keep === 'digests' ? '&keep=digests' : ''}`,
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

async function sign(files: string[], options: SignOptions): Promise<void> {
  checkUsage(options);
  for (const file of files) {
    try {
      if (!statSync(file).isFile()) throw new CliUsageError(`${file} is not a file`);
    } catch (error) {
      if (error instanceof CliUsageError) throw error;
      throw unreadable(file, error);
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
    // Confirmed with the PIN at once; a refused confirmation cancels the operation rather than leave it waiting.
    const { operation } = await client.run((sdk) =>
      signAndWait(
        sdk,
        {
          certificate: options.cert,
          format: options.format,
          // As the options give them: the server checks them and names what it refuses.
          parameters: parametersOf(options),
          documents,
          ...(options.expiresIn !== undefined ? { expiresIn: options.expiresIn } : {}),
        },
        { confirm: { method: 'pin', pin }, download: false },
      ),
    );
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
      if (options.json !== true) terminal().stdout.write(`${files[i]!} → ${output}\n`);
    }
    if (options.json === true)
      terminal().stdout.write(
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

export function registerSignCommand(program: Command): void {
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
        '--keep-document',
        'have the server keep an uploaded file itself, not only its digests: by default a file of 64 MiB or more signed raw or as detached cades is kept for its digests alone, since storing it costs the server more than hashing it (and a signature needs no more)',
      )
      .option(
        '--pin-file <file>',
        'read the key PIN from a file (else PODPIS_PIN, else asked on the terminal)',
      )
      .option('-o, --output <path>', 'the result file (one input) or an existing directory')
      .option('--force', 'overwrite existing results')
      .option('--expires-in <seconds>', 'how long the operation waits for the PIN (30-3600)', positiveInteger)
      .addHelpText('after', REMOTE_HELP),
  ).action((files: string[], options: SignOptions) => sign(files, options));
}
