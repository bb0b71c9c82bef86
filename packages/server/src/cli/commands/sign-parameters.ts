import { InvalidArgumentError } from 'commander';
import { CliUsageError } from './failures.js';
import type { DigestName } from './local-digest.js';
import type { RemoteOptions } from './remote.js';

/** What `podpis sign` is asked for, and how its options become the API's format parameters. */

export type Format = 'raw' | 'cades' | 'xades' | 'pades';

export interface SignOptions extends RemoteOptions {
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
  keepDocument?: boolean;
  pinFile?: string;
  output?: string;
  force?: boolean;
  expiresIn?: number;
}

export interface Stamp {
  page: number;
  x: number;
  y: number;
  width?: number;
  height?: number;
}

const EXTENSIONS: Readonly<Record<Format, string>> = {
  raw: '.sig',
  cades: '.p7s',
  xades: '.xml',
  pades: '.pdf',
};

/** "page,x,y[,width,height]" → the stamp's placement. */
export function stampOf(text: string): Stamp {
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
export function parametersOf(options: SignOptions): Record<string, unknown> {
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
export function checkUsage(options: SignOptions): void {
  if (options.hash === true && (options.format === 'xades' || options.format === 'pades'))
    throw new CliUsageError(
      `--hash: ${options.format} puts the signature into the document, which the server then needs`,
    );
  if (options.hash === true && options.attached === true)
    throw new CliUsageError(
      '--hash with --attached: an attached signature carries the document; leave one out',
    );
  if (options.hash === true && options.keepDocument === true)
    throw new CliUsageError('--hash with --keep-document: with --hash the files are not uploaded');
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

/**
 * From this size an uploaded file is kept by the server for its digests
 * alone (POST /documents?keep=digests) when the signature needs no more —
 * raw, or CAdES detached: then storing it is most of the wait. PostgreSQL
 * spends 12-16 s of CPU per GiB storing a document's chunks while Streebog
 * hashes a GiB in about 5 s (issue #18), so at 64 MiB storing already costs
 * about a second. Below it the document is kept as before: cheap, and the
 * holder's device can then preview it (a PDF up to 32 MiB is rendered).
 */
export const DIGESTS_ONLY_FROM_BYTES = 64 * 1024 * 1024;

/**
 * What the server keeps of an uploaded file: `digests` for a file of at
 * least DIGESTS_ONLY_FROM_BYTES whose signature needs only its digest,
 * unless --keep-document; else its `content`.
 */
export function uploadKeeps(options: SignOptions, size: number): 'content' | 'digests' {
  const digestOnly = options.format === 'raw' || (options.format === 'cades' && options.attached !== true);
  return digestOnly && options.keepDocument !== true && size >= DIGESTS_ONLY_FROM_BYTES
    ? 'digests'
    : 'content';
}

/** The extension of the results: an attached CAdES carries the document (.p7m), a detached one does not (.p7s). */
export function extensionOf(options: SignOptions): string {
  return options.format === 'cades' && options.attached === true ? '.p7m' : EXTENSIONS[options.format];
}
