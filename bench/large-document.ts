/**
 * Signing a large document through the server against `openssl dgst
 * -md_gost12_256` on the same file (issue #18: "limited by hashing at
 * ≥ 0.7×"). A script, not a test: `npm run bench:documents` (builds first)
 * or `npx tsx bench/large-document.ts [MiB=1024] [--cpu-prof DIR]`. About
 * two minutes for 1 GiB on the 2-core development machine.
 *
 * One run prints, for one pseudo-random file:
 *
 * 1. `openssl dgst -md_gost12_256` with the GOST engine, before and after
 *    the rest (the machine is shared: the reference is taken in the same
 *    run, and its mean is what the ratios divide by);
 * 2. our Streebog-256 over the file in this process (@podpis/gost, the
 *    WebAssembly path, checked), read 1 MiB at a time;
 * 3. `podpis sign FILE --format cades` (detached) against a server process
 *    on a throwaway PostgreSQL server, with a GOST R 34.10-2012-256 key
 *    under a PIN: the CLI streams the file up (POST /documents), creates
 *    the operation over the uploaded document, confirms it with the PIN and
 *    downloads the signature: what a user waits for. By default (a file of
 *    64 MiB or more) the server keeps the document's digests alone
 *    (`keep=digests`): the CLI's default path;
 * 4. the same with `--keep-document`: the server stores the document in
 *    chunks as well (the path before keep=digests, for comparison);
 * 5. `podpis sign --hash`: the CLI hashes the file itself and sends the
 *    digest (hash-then-sign).
 *
 * Each line gives the wall time, the CPU time (of the child process:
 * openssl or the CLI, from the shell's `times`; of this process for the
 * in-process hash; the server's and PostgreSQL's in brackets), MB/s and the ratio
 * openssl time / our time (≥ 0.7 is the aim). The server's peak resident
 * memory and its growth over the run show that it never holds the document.
 * Both signatures must carry, as messageDigest, the digest openssl printed.
 *
 * `--cpu-prof DIR` writes the server process's V8 CPU profile into DIR when
 * it stops (open it in Chrome DevTools or speedscope).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createStreebog256, gostImplementations } from '@podpis/gost';
import { OID } from '@podpis/pki';
import { createDatabase, gostOpensslConfig, startPostgres } from '@podpis/testkit';
import { createApiToken } from '../packages/server/src/auth/api-tokens.js';
import type { AuthorityContext } from '../packages/server/src/ca/authorities.js';
import { issueUserCertificate } from '../packages/server/src/ca/certificates.js';
import { pkiUrls } from '../packages/server/src/ca/pki-urls.js';
import { setUpAuthorities } from '../packages/server/src/ca/setup.js';
import { migrate } from '../packages/server/src/db/migrate.js';
import { openPostgres } from '../packages/server/src/db/postgres.js';
import { SoftwareKeyStore } from '../packages/server/src/keystore/index.js';
import { registerUser } from '../packages/server/src/people/users.js';
import { IVANOV_PERSON } from '../packages/pki/test/support/subjects.js';
import { BENCH_PIN, BENCH_SUBJECT } from './fixtures.js';

const ARGS = process.argv.slice(2);
const MIB = 1024 * 1024;
const SIZE_MIB = Number(ARGS.find((arg, i) => !arg.startsWith('--') && ARGS[i - 1] !== '--cpu-prof') ?? 1024);
const SIZE = SIZE_MIB * MIB;
const CPU_PROFILE_DIR = ARGS.includes('--cpu-prof') ? ARGS[ARGS.indexOf('--cpu-prof') + 1] : undefined;
const AIM = 0.7;
const CLI = fileURLToPath(new URL('../packages/server/dist/cli/main.js', import.meta.url));
const SERVER = fileURLToPath(new URL('../packages/server/test/support/document-server.ts', import.meta.url));

/** A pseudo-random file of `size` bytes (AES-CTR of zeros), written a MiB at a time. */
async function writeDocument(file: string, size: number): Promise<void> {
  const keystream = createCipheriv('aes-128-ctr', randomBytes(16), Buffer.alloc(16));
  const zeros = Buffer.alloc(MIB);
  async function* blocks() {
    for (let written = 0; written < size; written += MIB)
      yield keystream.update(zeros.subarray(0, Math.min(MIB, size - written)));
  }
  await pipeline(Readable.from(blocks()), createWriteStream(file));
}

/** What one measured run took: wall and CPU seconds. */
interface Timing {
  wall: number;
  cpu: number;
  stdout: string;
}

/**
 * Runs a command to its end through `sh`, whose `times` then gives the
 * CPU time of its child (Node cannot read a child's rusage).
 */
function timedChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('sh', ['-c', '"$0" "$@"; status=$?; times >&2; exit $status', command, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - started) / 1000;
      const lines = stderr.trimEnd().split('\n');
      // `times`: the shell's user and system time, then its children's.
      const seconds = [...(lines.at(-1) ?? '').matchAll(/(\d+)m([\d.]+)s/g)].map(
        ([, m, s]) => Number(m) * 60 + Number(s),
      );
      if (code !== 0 || seconds.length !== 2) {
        reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`));
        return;
      }
      resolve({ wall, cpu: seconds[0]! + seconds[1]!, stdout });
    });
  });
}

/** A process's CPU seconds (user + system) and resident and peak resident bytes, from /proc. */
function processStats(pid: number): { cpu: number; rss: number; peakRss: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name in brackets: utime and stime are the 14th and 15th of the line.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  // USER_HZ is 100 on every Linux Node runs on.
  return { cpu: ticks / 100, rss: kib('VmRSS'), peakRss: kib('VmHWM') };
}

/**
 * The CPU seconds of PostgreSQL so far: the postmaster with the children it
 * has reaped, and its live children (the backends storing the chunks).
 */
function postgresCpu(postmaster: number): number {
  const ticks = (pid: number, children: boolean): { ppid: number; ticks: number } => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return { ppid: Number(fields[1]), ticks: children ? own + Number(fields[13]) + Number(fields[14]) : own };
  };
  let total = ticks(postmaster, true).ticks;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const child = ticks(Number(entry), false);
      if (child.ppid === postmaster) total += child.ticks;
    } catch {
      // The process ended while the list was read.
    }
  }
  return total / 100;
}

/** The server process's largest RSS while `run` runs, sampled every 20 ms. */
async function sampledPeak<T>(pid: number, run: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = processStats(pid).rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, processStats(pid).rss);
  }, 20);
  try {
    const result = await run();
    return { result, peak: Math.max(peak, processStats(pid).rss) };
  } finally {
    clearInterval(timer);
  }
}

/** The application in a child process (the large-document test's server) over `databaseUrl`; its port. */
async function startServer(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const profile = CPU_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', CPU_PROFILE_DIR] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', SERVER], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout })) {
    const port = /^listening (\d+)$/.exec(line)?.[1];
    if (port) return { child, port: Number(port) };
  }
  throw new Error('the document server exited before it listened');
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const dir = mkdtempSync(join(tmpdir(), 'podpis-bench-documents-'));
const postgres = await startPostgres();
let server: { child: ChildProcess; port: number } | undefined;
try {
  const databaseUrl = await createDatabase(postgres.url);
  const db = await openPostgres(databaseUrl);
  const masterKey = randomBytes(32);
  await migrate(db);
  const ctx: AuthorityContext = {
    db,
    keyStore: new SoftwareKeyStore({ db, masterKey }),
    urls: pkiUrls('http://localhost:8080'),
    now: () => new Date(),
  };
  await setUpAuthorities(ctx, 'gost256', 'bench');
  const { user } = await registerUser(
    db,
    { scryptLogN: 10, passwordMinLength: 8 },
    { login: 'bench', profile: IVANOV_PERSON },
    { actor: 'bench' },
  );
  const { serial } = await issueUserCertificate(ctx, {
    accountId: user.id,
    subject: BENCH_SUBJECT,
    keySpec: { type: 'gost', paramSet: OID.gost3410_2012_256_paramSetA },
    pin: BENCH_PIN,
    validityDays: 365,
    actor: 'bench',
  });
  await db.query('UPDATE accounts SET must_change_password = false WHERE id = $1', [user.id]);
  const { token } = await createApiToken(
    db,
    { accountId: user.id, role: 'user', login: 'bench', method: 'session', mustChangePassword: false },
    { name: 'bench', scopes: ['signing', 'certificates:read'], expiresInDays: 1 },
  );
  // The backends' parent: the PostgreSQL server whose CPU the runs are charged with.
  const { rows: backend } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const postmaster = Number(
    readFileSync(`/proc/${backend[0]!.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1],
  );
  await ctx.keyStore.close();
  await db.close();

  server = await startServer({
    ...process.env,
    DATABASE_URL: databaseUrl,
    PODPIS_TEST_MASTER_KEY: masterKey.toString('base64'),
    PODPIS_TEST_DOCUMENT_LIMIT: String(Math.max(2 * SIZE, 64 * MIB)),
  });
  const serverPid = server.child.pid!;
  const cliEnv = {
    ...process.env,
    PODPIS_URL: `http://127.0.0.1:${server.port}`,
    PODPIS_TOKEN: token,
    PODPIS_PIN: BENCH_PIN,
  };
  type Path = 'digests' | 'kept' | 'hash';
  const podpisSign = (file: string, output: string, path: Path) =>
    timedChild(
      process.execPath,
      [
        CLI,
        'sign',
        file,
        '--cert',
        serial,
        '--format',
        'cades',
        '--output',
        output,
        '--force',
        '--json',
      ].concat(path === 'hash' ? ['--hash'] : path === 'kept' ? ['--keep-document'] : []),
      cliEnv,
    );

  const file = join(dir, 'document.bin');
  await writeDocument(file, SIZE);
  // The server warms up (code compiled, pools and heap grown) on a small document first.
  const warmFile = join(dir, 'warm-up.bin');
  await writeDocument(warmFile, 16 * MIB);
  await podpisSign(warmFile, join(dir, 'warm-up.p7s'), 'digests');
  await podpisSign(warmFile, join(dir, 'warm-up-kept.p7s'), 'kept');
  await podpisSign(warmFile, join(dir, 'warm-up-hash.p7s'), 'hash');

  const opensslEnv = { ...process.env, OPENSSL_CONF: gostOpensslConfig() };
  const opensslDgst = () => timedChild('openssl', ['dgst', '-md_gost12_256', '-r', file], opensslEnv);

  const before = await opensslDgst();
  const digest = before.stdout.split(' ')[0]!;

  const ours = await (async (): Promise<Timing> => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const hash = createStreebog256();
    for await (const chunk of createReadStream(file, { highWaterMark: MIB })) hash.update(chunk as Buffer);
    const made = Buffer.from(hash.digest()).toString('hex');
    if (made !== digest) throw new Error(`our Streebog-256 ${made} ≠ openssl's ${digest}`);
    const used = process.cpuUsage(cpu);
    return { wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6, stdout: '' };
  })();
  const path = gostImplementations().streebog;

  const serverRun = async (run: Path) => {
    const output = join(dir, `${run}.p7s`);
    const cpu = processStats(serverPid).cpu;
    const databaseCpu = postgresCpu(postmaster);
    const { result, peak } = await sampledPeak(serverPid, () => podpisSign(file, output, run));
    const signature = readFileSync(output);
    if (!signature.includes(Buffer.from(digest, 'hex')))
      throw new Error(`${output} does not carry openssl's digest ${digest} as messageDigest`);
    return {
      ...result,
      serverCpu: processStats(serverPid).cpu - cpu,
      databaseCpu: postgresCpu(postmaster) - databaseCpu,
      peak,
    };
  };
  const baseline = processStats(serverPid).rss;
  const digestsOnly = await serverRun('digests');
  const kept = await serverRun('kept');
  const hashThenSign = await serverRun('hash');

  const after = await opensslDgst();
  if (after.stdout.split(' ')[0] !== digest) throw new Error('openssl gave two digests of one file');
  const reference = { wall: (before.wall + after.wall) / 2, cpu: (before.cpu + after.cpu) / 2 };

  const s = (seconds: number) => seconds.toFixed(2).padStart(7);
  const ratio = (theirs: number, mine: number) => (theirs / mine).toFixed(2).padStart(6);
  const megabytes = (seconds: number) => (SIZE / 1e6 / seconds).toFixed(0).padStart(5);
  const line = (
    label: string,
    timing: Timing & { serverCpu?: number; databaseCpu?: number },
    aim?: boolean,
  ): void => {
    console.log(
      `${label.padEnd(48)}${s(timing.wall)}${s(timing.cpu)}${
        timing.serverCpu !== undefined && timing.databaseCpu !== undefined
          ? ` (${s(timing.serverCpu).trim()}, ${s(timing.databaseCpu).trim()})`
          : ''
      }`.padEnd(80) +
        `${megabytes(timing.wall)}${ratio(reference.wall, timing.wall)}${ratio(reference.cpu, timing.cpu)}${
          aim ? `   ≥ ${AIM} ${reference.wall / timing.wall >= AIM ? 'met' : 'NOT met'}` : ''
        }`,
    );
  };
  const mib = (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`;
  console.log(
    `\nA ${SIZE_MIB} MiB document, GOST R 34.10-2012-256 key, server on PostgreSQL; ${availableParallelism()} cores, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
  );
  console.log(
    `${''.padEnd(48)}   wall    CPU (server, PostgreSQL)     MB/s  ratio: wall   CPU (openssl time / ours)`,
  );
  line('openssl dgst -md_gost12_256, before', before);
  line('openssl dgst -md_gost12_256, after', after);
  line(`@podpis/gost Streebog-256 in process (${path})`, ours);
  line('podpis sign --format cades (keep=digests)', digestsOnly, true);
  line('podpis sign --format cades --keep-document', kept);
  line('podpis sign --format cades --hash', hashThenSign);
  console.log(
    `\nserver process: RSS ${mib(baseline)} before, peak ${mib(digestsOnly.peak)} during the digests-only upload and signing (+${mib(digestsOnly.peak - baseline)}), ${mib(kept.peak)} with the document kept, ${mib(hashThenSign.peak)} during hash-then-sign; VmHWM ${mib(processStats(serverPid).peakRss)}`,
  );
  if (SIZE < 64 * MIB)
    console.log('NOTE: below 64 MiB the CLI keeps the document by default: both lines keep it');
  if (path !== 'wasm') console.log(`NOTE: Streebog ran on the ${path} path in this process`);
} finally {
  if (server) await stopServer(server.child);
  postgres.stop();
  rmSync(dir, { recursive: true, force: true });
}
