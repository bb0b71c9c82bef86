import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { CliFailure } from '../commands/failures.js';

/**
 * The encrypted backup archive (`podpis backup`), format version 1:
 *
 *   "PODPISBK" ‖ u32 header length ‖ header (JSON, plaintext) ‖ record*
 *   record = u32 n ‖ AES-256-GCM(section byte ‖ data, n bytes) ‖ 16-byte tag
 *
 * The key comes from a passphrase through scrypt (salt and cost in the
 * header) and HKDF; the header also holds a short check value, so a wrong
 * passphrase is told apart from an altered archive. Every record is
 * authenticated with the header's SHA-256 as associated data (the header
 * cannot be changed either) and a nonce of its index and a "last record"
 * flag (the STREAM construction), so records cannot be reordered, dropped
 * or cut off at the end without the tag failing. The header stays readable
 * without the passphrase: restore checks compatibility first, and an
 * operator can see what a file is.
 *
 * Records carry sections, so one streamed archive holds several parts:
 * the installation's files (a tar.gz) and the PostgreSQL dump; the last
 * record is an empty END. Nothing is held in memory beyond one record.
 */

export const ARCHIVE_MAGIC = Buffer.from('PODPISBK', 'latin1');
export const ARCHIVE_VERSION = 1;

/** What a record's data belongs to. */
export const SECTION = { END: 0, FILES: 1, DATABASE: 2 } as const;
export type Section = (typeof SECTION)[keyof typeof SECTION];

/** Largest data in one record written; a reader accepts up to this (plus the section byte). */
export const RECORD_DATA_BYTES = 1024 * 1024;
const TAG_BYTES = 16;
const MAX_HEADER_BYTES = 64 * 1024;

/** scrypt cost for new archives: 2^17 × 8 × 128 bytes = 128 MiB, about half a second once per archive. */
export const ARCHIVE_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
/** Reading refuses more (a crafted header must not make the restore allocate gigabytes). */
const MAX_SCRYPT_N = 2 ** 20;

/** What the archive says about itself, readable without the passphrase. */
export interface ArchiveHeader {
  format: 'podpis-backup';
  version: typeof ARCHIVE_VERSION;
  createdAt: string;
  podpisVersion: string;
  /** Where the database came from: the embedded PGlite directory or a pg_dump of PostgreSQL. */
  database: 'embedded' | 'postgresql';
  /** `SHOW server_version` of the dumped PostgreSQL server. */
  postgresVersion?: string;
  /** The last migration applied to the database backed up. */
  migration: { version: number; name: string };
  /** The key store's master-key fingerprint recorded in the database (migration 0030), if any. */
  masterKeyFingerprint: string | null;
  /** Where the master key was: a file in the archive (keys/master.key) or the environment (not in the archive). */
  masterKeySource: 'file' | 'environment';
  /** Keys held on a PKCS#11 token: not in the archive, back the token up with its own tools. */
  pkcs11Keys: number;
  /** Directories of the data directory in the FILES section. */
  entries: string[];
  encryption: {
    cipher: 'aes-256-gcm';
    kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
    /** base64 of 16 bytes derived from the passphrase: a wrong one is named as such. */
    check: string;
  };
}

interface Keys {
  key: Buffer;
  check: Buffer;
}

function deriveKeys(passphrase: string, kdf: ArchiveHeader['encryption']['kdf']): Promise<Keys> {
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      Buffer.from(kdf.salt, 'base64'),
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r },
      (error, secret) => {
        if (error) {
          reject(error);
          return;
        }
        const expand = (info: string, length: number): Buffer =>
          Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), info, length));
        resolve({
          key: expand('podpis/backup/v1/encryption', 32),
          check: expand('podpis/backup/v1/passphrase-check', 16),
        });
      },
    );
  });
}

/** Record `index`'s nonce: its 64-bit index, then a byte saying whether it is the last. */
function nonce(index: number, last: boolean): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeBigUInt64BE(BigInt(index), 0);
  bytes[11] = last ? 1 : 0;
  return bytes;
}

function encodeHeader(header: ArchiveHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([ARCHIVE_MAGIC, length, json]);
}

/** Writes an archive to an open file, record by record; `finish` seals it with END. */
export class ArchiveWriter {
  private index = 0;
  private pending: { section: Section; data: Buffer } | undefined;

  private constructor(
    private readonly file: FileHandle,
    private readonly key: Buffer,
    private readonly aad: Buffer,
  ) {}

  static async start(
    file: FileHandle,
    header: Omit<ArchiveHeader, 'encryption'>,
    passphrase: string,
    /** scrypt's cost; only tests of the format itself pass a lower one. */
    cost: { N: number; r: number; p: number } = ARCHIVE_SCRYPT,
  ): Promise<ArchiveWriter> {
    const kdf = { name: 'scrypt' as const, ...cost, salt: randomBytes(16).toString('base64') };
    const keys = await deriveKeys(passphrase, kdf);
    const encoded = encodeHeader({
      ...header,
      encryption: { cipher: 'aes-256-gcm', kdf, check: keys.check.toString('base64') },
    });
    await file.write(encoded);
    return new ArchiveWriter(file, keys.key, createHash('sha256').update(encoded).digest());
  }

  /**
   * Adds data to a section. One record is kept back, since only the
   * record written last may carry the "last" flag.
   */
  async write(section: Section, data: Buffer): Promise<void> {
    for (let offset = 0; offset < data.length; offset += RECORD_DATA_BYTES) {
      await this.flush(false);
      this.pending = { section, data: data.subarray(offset, offset + RECORD_DATA_BYTES) };
    }
  }

  /** Writes what is kept back and the END record. */
  async finish(): Promise<void> {
    await this.flush(false);
    this.pending = { section: SECTION.END, data: Buffer.alloc(0) };
    await this.flush(true);
  }

  private async flush(last: boolean): Promise<void> {
    if (this.pending === undefined) return;
    const { section, data } = this.pending;
    this.pending = undefined;
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce(this.index++, last));
    cipher.setAAD(this.aad);
    const body = Buffer.concat([cipher.update(Buffer.of(section)), cipher.update(data), cipher.final()]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    await this.file.write(Buffer.concat([length, body, cipher.getAuthTag()]));
  }
}

async function readExactly(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await file.read(buffer, read, length - read, position + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return buffer.subarray(0, read);
}

function invalid(path: string, why: string): CliFailure {
  return new CliFailure('BACKUP_INVALID', `${path} is not a readable podpis backup: ${why}`);
}

/** What kind of file a backup is: this format, or the unencrypted tar.gz of Podpis before it. */
export async function sniffArchive(file: FileHandle): Promise<'encrypted' | 'legacy-tar-gz' | 'unknown'> {
  const start = await readExactly(file, 0, ARCHIVE_MAGIC.length);
  if (start.equals(ARCHIVE_MAGIC)) return 'encrypted';
  if (start[0] === 0x1f && start[1] === 0x8b) return 'legacy-tar-gz';
  return 'unknown';
}

/**
 * The parsed header, once its format and encryption parameters are known
 * here (a crafted one must not make the restore allocate gigabytes). The
 * other fields are authenticated with the first record.
 */
function checkedHeader(parsed: unknown, path: string): ArchiveHeader {
  const loose = parsed as {
    format?: unknown;
    version?: unknown;
    encryption?: { cipher?: unknown; kdf?: unknown };
  };
  if (loose.format !== 'podpis-backup' || loose.version !== ARCHIVE_VERSION)
    throw invalid(
      path,
      `format ${JSON.stringify(loose.format)} version ${JSON.stringify(loose.version)} is not known here`,
    );
  const kdf = loose.encryption?.kdf as Partial<ArchiveHeader['encryption']['kdf']> | undefined;
  const supported =
    loose.encryption?.cipher === 'aes-256-gcm' &&
    kdf?.name === 'scrypt' &&
    Number.isInteger(kdf.N) &&
    (kdf.N ?? 0) <= MAX_SCRYPT_N &&
    Number.isInteger(kdf.r) &&
    (kdf.r ?? 0) <= 32 &&
    kdf.p === 1 &&
    typeof kdf.salt === 'string';
  if (!supported) throw invalid(path, 'its encryption parameters are not supported');
  return parsed as ArchiveHeader;
}

/** The header of an archive, and where its records begin. */
export async function readHeader(
  file: FileHandle,
  path: string,
): Promise<{ header: ArchiveHeader; aad: Buffer; recordsAt: number }> {
  const prefix = await readExactly(file, 0, ARCHIVE_MAGIC.length + 4);
  if (prefix.length < ARCHIVE_MAGIC.length + 4 || !prefix.subarray(0, 8).equals(ARCHIVE_MAGIC))
    throw invalid(path, 'it does not start with the podpis backup signature');
  const length = prefix.readUInt32BE(8);
  if (length > MAX_HEADER_BYTES) throw invalid(path, 'its header is too long');
  const json = await readExactly(file, prefix.length, length);
  if (json.length < length) throw new CliFailure('BACKUP_TRUNCATED', `${path} is cut off inside its header`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString('utf8'));
  } catch {
    throw invalid(path, 'its header is not JSON');
  }
  const header = checkedHeader(parsed, path);
  const aad = createHash('sha256').update(prefix).update(json).digest();
  return { header, aad, recordsAt: prefix.length + length };
}

/** Derives the archive's key, or BACKUP_PASSPHRASE_WRONG. */
export async function unlockArchive(header: ArchiveHeader, passphrase: string): Promise<Buffer> {
  const keys = await deriveKeys(passphrase, header.encryption.kdf);
  const expected = Buffer.from(header.encryption.check, 'base64');
  if (expected.length !== keys.check.length || !timingSafeEqual(expected, keys.check))
    throw new CliFailure('BACKUP_PASSPHRASE_WRONG', 'the passphrase does not open this backup');
  return keys.key;
}

function openRecord(key: Buffer, aad: Buffer, index: number, last: boolean, body: Buffer, tag: Buffer) {
  const decipher = createDecipheriv('aes-256-gcm', key, nonce(index, last));
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return undefined;
  }
}

/**
 * The archive's sections in order, each record's data yielded only after
 * its tag was checked; the iteration ends after a valid END record, else
 * throws BACKUP_TRUNCATED or BACKUP_TAMPERED. A consumer must not treat
 * what it received as final before the iteration has ended.
 */
export async function* readRecords(
  file: FileHandle,
  path: string,
  key: Buffer,
  aad: Buffer,
  recordsAt: number,
): AsyncGenerator<{ section: Section; data: Buffer }> {
  const size = (await file.stat()).size;
  let position = recordsAt;
  for (let index = 0; ; index++) {
    const prefix = await readExactly(file, position, 4);
    if (prefix.length < 4)
      throw new CliFailure('BACKUP_TRUNCATED', `${path} is cut off after ${index} records (no END record)`);
    const length = prefix.readUInt32BE(0);
    if (length < 1 || length > RECORD_DATA_BYTES + 1)
      throw new CliFailure(
        'BACKUP_TAMPERED',
        `${path} was altered: record ${index} has an impossible length`,
      );
    const end = position + 4 + length + TAG_BYTES;
    if (end > size) throw new CliFailure('BACKUP_TRUNCATED', `${path} is cut off inside record ${index}`);
    const sealed = await readExactly(file, position + 4, length + TAG_BYTES);
    const body = sealed.subarray(0, length);
    const tag = sealed.subarray(length);
    const last = end === size;
    const plain = openRecord(key, aad, index, last, body, tag);
    if (plain === undefined) {
      if (last && openRecord(key, aad, index, false, body, tag) !== undefined)
        throw new CliFailure('BACKUP_TRUNCATED', `${path} is cut off after record ${index}`);
      throw new CliFailure(
        'BACKUP_TAMPERED',
        `${path} was altered or damaged: record ${index} (at byte ${position}) fails its authentication tag`,
      );
    }
    const section = plain[0];
    if (section === SECTION.END) {
      if (!last || plain.length !== 1)
        throw new CliFailure('BACKUP_TAMPERED', `${path} was altered: an END record is not the last`);
      return;
    }
    if (last) throw new CliFailure('BACKUP_TRUNCATED', `${path} is cut off: its last record is not END`);
    if (section !== SECTION.FILES && section !== SECTION.DATABASE)
      throw new CliFailure('BACKUP_INVALID', `${path}: record ${index} belongs to an unknown section`);
    yield { section: section, data: plain.subarray(1) };
    position = end;
  }
}
