import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSystemTools } from './system-tools.js';

let configPath: string | undefined;

/** Writes (once per process) an OpenSSL config that loads Debian's GOST engine. */
export function gostOpensslConfig(): string {
  if (configPath) return configPath;
  ensureSystemTools();
  const enginesLine = execFileSync('openssl', ['version', '-e'], { encoding: 'utf8' });
  const enginesDir = /ENGINESDIR: "([^"]+)"/.exec(enginesLine)?.[1];
  if (!enginesDir) throw new Error(`cannot find OpenSSL engines dir in: ${enginesLine}`);
  configPath = join(tempDir('podpis-openssl-'), 'openssl-gost.cnf');
  writeFileSync(
    configPath,
    [
      'openssl_conf = openssl_def',
      '[openssl_def]',
      'engines = engine_section',
      '[engine_section]',
      'gost = gost_section',
      '[gost_section]',
      'engine_id = gost',
      `dynamic_path = ${enginesDir}/gost.so`,
      'default_algorithms = ALL',
      '',
    ].join('\n'),
  );
  return configPath;
}

export interface OpensslResult {
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs `openssl` with the GOST engine loaded. Throws with OpenSSL's stderr
 * when it exits non-zero, so a failing interop test says why.
 */
export function openssl(args: readonly string[], input?: Uint8Array | string): OpensslResult {
  const result = spawnSync('openssl', args, {
    env: { ...process.env, OPENSSL_CONF: gostOpensslConfig() },
    input: input ?? '',
    maxBuffer: 256 * 1024 * 1024,
  });
  const stderr = result.stderr.toString('utf8');
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`openssl ${args.join(' ')} exited ${result.status}: ${stderr.trim()}`);
  }
  return { stdout: result.stdout, stderr };
}

/** A fresh temp directory for files OpenSSL reads or writes, removed when this process exits. */
export function tempDir(prefix = 'podpis-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (process.env['PODPIS_KEEP_TEMP'] !== '1') removedAtExit(dir);
  return dir;
}

const toRemove: string[] = [];
let exitHook = false;

/**
 * Test runs made thousands of temp dirs and never removed them (a disk
 * filled up): each is removed after its test file (vitest-cleanup.ts) or,
 * at the latest, when the process that made it exits normally.
 * PODPIS_KEEP_TEMP=1 keeps them, to look at after a failure.
 */
function removedAtExit(dir: string): void {
  if (!exitHook) {
    process.once('exit', removeTempDirs);
    exitHook = true;
  }
  toRemove.push(dir);
}

/** Removes every temp dir `tempDir` made in this process so far. */
export function removeTempDirs(): void {
  for (const made of toRemove.splice(0)) rmSync(made, { recursive: true, force: true });
  configPath = undefined;
}

/** OpenSSL generates a GOST R 34.10-2012 256-bit key (parameter set TC26 B) into `file`, PEM. */
export function opensslGostKey(file: string): void {
  openssl(['genpkey', '-algorithm', 'gost2012_256', '-pkeyopt', 'paramset:TCB', '-out', file]);
}

/**
 * OpenSSL certifies the key in `keyFile` itself: a self-signed certificate
 * for 30 days, signed with Streebog-256, for the UTF-8 `subject`
 * (`/C=RU/CN=…`), with an `-addext` for each of `extensions`, into `file`.
 */
export function opensslGostSelfSigned(
  keyFile: string,
  subject: string,
  file: string,
  extensions: readonly string[] = [],
): void {
  openssl([
    'req',
    '-new',
    '-x509',
    '-key',
    keyFile,
    '-md_gost12_256',
    '-days',
    '30',
    '-utf8',
    '-subj',
    subject,
    ...extensions.flatMap((extension) => ['-addext', extension]),
    '-out',
    file,
  ]);
}

/**
 * `openssl ocsp` reads the OCSP response in `response` with the request in
 * `request` it answers (so it checks the nonce too), verifies it under the
 * trust anchor in `caFile` (with the responder certificates in
 * `verifyOther`, if any) and prints it (`-resp_text`); it throws only when
 * OpenSSL exits non-zero, so callers look for `Response verify OK`.
 */
export function opensslCheckOcsp(files: {
  request: string;
  response: string;
  caFile: string;
  verifyOther?: string;
}): OpensslResult {
  return openssl([
    'ocsp',
    '-reqin',
    files.request,
    '-respin',
    files.response,
    '-CAfile',
    files.caFile,
    ...(files.verifyOther ? ['-verify_other', files.verifyOther] : []),
    '-resp_text',
  ]);
}

/**
 * What `openssl dgst <digestOptions> -verify` prints of `signature` over
 * `data` under `publicKeyInfo` (SubjectPublicKeyInfo, DER): `Verified OK`,
 * or it throws with OpenSSL's reason.
 */
export function opensslVerifyDigest(
  publicKeyInfo: Uint8Array,
  data: Uint8Array,
  signature: Uint8Array,
  digestOptions: readonly string[],
): string {
  const dir = tempDir('podpis-dgst-');
  const [key, sig, file] = [join(dir, 'pub.der'), join(dir, 'sig'), join(dir, 'data')];
  writeFileSync(key, publicKeyInfo);
  writeFileSync(sig, signature);
  writeFileSync(file, data);
  return openssl([
    'dgst',
    ...digestOptions,
    '-verify',
    key,
    '-keyform',
    'DER',
    '-signature',
    sig,
    file,
  ]).stdout.toString();
}
