import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { link, mkdir, open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliFailure, CliUsageError } from '../commands/failures.js';

/**
 * The authenticator's state file: everything a device is (its id, server,
 * channel secret, ECDSA private key, message counters), encrypted under a
 * passphrase. The KDF's parameters are in a clear header, authenticated as
 * the cipher's additional data, so a file keeps opening when the defaults
 * change and an altered header does not open.
 */

/** What the file holds once opened; the channel secret and the key never leave this process. */
export interface AuthenticatorState {
  /** The device's id (the enrolment's). */
  device: string;
  /** The server's origin, e.g. https://podpis.example:8443. */
  server: string;
  /** PEM of the CA that issued the server's TLS certificate, when enrolled with --ca-file. */
  ca?: string;
  /** The device's name as the user's device list shows it. */
  name: string;
  /** Whose device it is (display name, as the server told it). */
  account: string;
  enrolledAt: string;
  /** base64url, 32 bytes. */
  channelSecret: string;
  /** The ECDSA P-256 private key, PKCS#8 DER, base64url. */
  deviceKey: string;
  /** The last counter this device sent, and the last it accepted from the server. */
  counters: { sent: number; received: number };
}

const FORMAT = 'podpis-authenticator';
const VERSION = 1;
const CIPHER = 'aes-256-gcm';

interface KdfParameters {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  /** base64url, 16 bytes. */
  salt: string;
}

/** The file as stored: a clear header and the ciphertext of the state's JSON. */
interface StoredFile {
  format: typeof FORMAT;
  version: typeof VERSION;
  kdf: KdfParameters;
  cipher: typeof CIPHER;
  /** base64url, 12 bytes. */
  iv: string;
  /** base64url: ciphertext ‖ 16-byte tag. */
  data: string;
}

/** scrypt cost of new files: 2^15 × 8 × 128 bytes = 32 MiB and about 0.1 s, once per command. */
export const DEFAULT_KDF = { N: 2 ** 15, r: 8, p: 1 } as const;

/** Limits on a file's stated cost, so a crafted file cannot make the command use gigabytes. */
const MAX_N = 2 ** 20;
const MAX_R = 16;
const MAX_P = 4;

/** Where the state lives unless --file says: $PODPIS_AUTHENTICATOR_FILE, else ~/.config/podpis/authenticator.json. */
export function defaultStatePath(): string {
  const fromEnvironment = process.env.PODPIS_AUTHENTICATOR_FILE;
  if (fromEnvironment !== undefined && fromEnvironment !== '') return fromEnvironment;
  return join(homedir(), '.config', 'podpis', 'authenticator.json');
}

function deriveKey(passphrase: string, kdf: KdfParameters): Promise<Buffer> {
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64url'), 32, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/** The header bytes the cipher authenticates: fixed field order, so reading rebuilds exactly what writing used. */
function additionalData(kdf: KdfParameters): Buffer {
  return Buffer.from(
    JSON.stringify({
      format: FORMAT,
      version: VERSION,
      kdf: { name: kdf.name, N: kdf.N, r: kdf.r, p: kdf.p, salt: kdf.salt },
      cipher: CIPHER,
    }),
  );
}

const invalid = (path: string, why: string): CliFailure =>
  new CliFailure('STATE_FILE_INVALID', `${path} is not a podpis-authenticator state file: ${why}`);

function parseStored(path: string, text: string): StoredFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(path, 'not JSON');
  }
  const v = value as Partial<StoredFile> | null;
  if (typeof v !== 'object' || v === null || v.format !== FORMAT) throw invalid(path, 'no format header');
  if (v.version !== VERSION)
    throw new CliFailure(
      'STATE_FILE_VERSION_UNKNOWN',
      `${path} is of version ${String(v.version)}, which this podpis-authenticator does not read`,
    );
  const kdf = v.kdf as Partial<Record<keyof KdfParameters, unknown>> | undefined;
  const integer = (n: unknown, max: number): boolean =>
    typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 && n <= max;
  if (
    typeof kdf !== 'object' ||
    kdf.name !== 'scrypt' ||
    !integer(kdf.N, MAX_N) ||
    (Number(kdf.N) & (Number(kdf.N) - 1)) !== 0 ||
    !integer(kdf.r, MAX_R) ||
    !integer(kdf.p, MAX_P) ||
    typeof kdf.salt !== 'string'
  )
    throw invalid(path, 'unknown or out-of-range key derivation');
  if (v.cipher !== CIPHER || typeof v.iv !== 'string' || typeof v.data !== 'string')
    throw invalid(path, 'unknown cipher');
  return v as StoredFile;
}

function parseState(path: string, plain: Buffer): AuthenticatorState {
  const state = JSON.parse(plain.toString('utf8')) as Partial<AuthenticatorState>;
  const ok =
    typeof state.device === 'string' &&
    typeof state.server === 'string' &&
    typeof state.name === 'string' &&
    typeof state.channelSecret === 'string' &&
    typeof state.deviceKey === 'string' &&
    Number.isSafeInteger(state.counters?.sent) &&
    Number.isSafeInteger(state.counters?.received);
  if (!ok) throw invalid(path, 'the decrypted state misses fields');
  return state as AuthenticatorState;
}

/**
 * An opened state file: the key derived from the passphrase is kept (not
 * the passphrase), so saving after every message costs no second scrypt.
 * A fresh IV per save; the salt stays, so the key does.
 */
export class StateFile {
  private constructor(
    readonly path: string,
    private readonly kdf: KdfParameters,
    private readonly key: Buffer,
  ) {}

  /** A new file's key (nothing written yet); STATE_FILE_EXISTS unless `replace`. */
  static async create(path: string, passphrase: string, replace = false): Promise<StateFile> {
    if (!replace && (await exists(path)))
      throw new CliFailure(
        'STATE_FILE_EXISTS',
        `${path} already holds an enrolled device: give another --file, or --replace to forget that device here (remove it in the cabinet too)`,
      );
    const kdf: KdfParameters = {
      name: 'scrypt',
      ...DEFAULT_KDF,
      salt: randomBytes(16).toString('base64url'),
    };
    return new StateFile(path, kdf, await deriveKey(passphrase, kdf));
  }

  /**
   * Opens `path`: STATE_FILE_NOT_FOUND, STATE_FILE_INVALID, or PASSPHRASE_WRONG
   * when it does not decrypt. A passphrase given as a function is asked for
   * only once the file is found (no prompt for a file that is not there).
   */
  static async open(
    path: string,
    passphrase: string | (() => Promise<string>),
  ): Promise<{ file: StateFile; state: AuthenticatorState }> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new CliFailure(
          'STATE_FILE_NOT_FOUND',
          `no enrolled device in ${path}: run podpis-authenticator enrol first (or give --file)`,
        );
      throw new CliFailure(
        'STATE_FILE_UNREADABLE',
        `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    const stored = parseStored(path, text);
    const key = await deriveKey(typeof passphrase === 'string' ? passphrase : await passphrase(), stored.kdf);
    const file = new StateFile(path, stored.kdf, key);
    return { file, state: file.decrypt(stored) };
  }

  /** The state as it is on disk now (another process may have advanced the counters). */
  async reload(): Promise<AuthenticatorState> {
    const stored = parseStored(this.path, await readFile(this.path, 'utf8'));
    if (stored.kdf.salt !== this.kdf.salt)
      throw new CliFailure('STATE_FILE_REPLACED', `${this.path} was replaced by another enrolment meanwhile`);
    return this.decrypt(stored);
  }

  private decrypt(stored: StoredFile): AuthenticatorState {
    const sealed = Buffer.from(stored.data, 'base64url');
    if (sealed.length < 16) throw invalid(this.path, 'truncated');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv(CIPHER, this.key, Buffer.from(stored.iv, 'base64url'));
      decipher.setAAD(additionalData(stored.kdf));
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
    } catch {
      throw new CliFailure(
        'PASSPHRASE_WRONG',
        `the passphrase does not open ${this.path} (or the file was altered)`,
      );
    }
    return parseState(this.path, plain);
  }

  /**
   * Writes `state` encrypted, atomically: a new file (mode 0600) beside the
   * old, flushed to disk, then renamed over it, so a crash leaves the old
   * or the new state and never half of one.
   */
  async save(state: AuthenticatorState): Promise<void> {
    const iv = randomBytes(12);
    const cipher = createCipheriv(CIPHER, this.key, iv);
    cipher.setAAD(additionalData(this.kdf));
    const data = Buffer.concat([
      cipher.update(JSON.stringify(state), 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    const stored: StoredFile = {
      format: FORMAT,
      version: VERSION,
      kdf: this.kdf,
      cipher: CIPHER,
      iv: iv.toString('base64url'),
      data: data.toString('base64url'),
    };
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(stored, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, this.path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Runs `task` holding `<file>.lock`, so two commands on one device (a
   * `watch` and an `approve`) never send the same counter. A lock left by a
   * process that no longer runs is taken over.
   */
  async locked<T>(task: () => Promise<T>, waitMs = 15_000): Promise<T> {
    const lock = `${this.path}.lock`;
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        await createWithContent(lock, String(process.pid));
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (await lockIsStale(lock)) {
          await unlink(lock).catch(() => undefined);
          continue;
        }
        if (Date.now() > deadline)
          throw new CliFailure(
            'STATE_FILE_LOCKED',
            `${lock} is held by another podpis-authenticator for more than ${waitMs / 1000} s`,
          );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    try {
      return await task();
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  }
}

/**
 * Creates `path` holding `content`, or fails with EEXIST: written beside it
 * and hard-linked into place, so the lock is never seen empty (a process
 * killed between creating and writing it would leave a lock nobody could
 * tell is stale).
 */
async function createWithContent(path: string, content: string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, content, { flag: 'wx', mode: 0o600 });
  try {
    await link(temporary, path);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await readFile(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CliUsageError(`cannot use ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** Whether the process that wrote `lock` has ended (its pid no longer answers signal 0). */
async function lockIsStale(lock: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number(await readFile(lock, 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
