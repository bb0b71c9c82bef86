import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Readable } from 'node:stream';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverRoot = fileURLToPath(new URL('../..', import.meta.url));
const packagesRoot = join(serverRoot, '..');
/** The workspace packages the CLI runs from: the server and what it imports. */
const CLI_PACKAGES = ['gost', 'pki', 'confirm', 'sdk', 'server'];

/** The newest modification time of a file under `directory`. */
function newestChange(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

let builtIsCurrent: boolean | undefined;
/**
 * Whether every package's last build (`tsc -b`, which `npm test` runs
 * first) is newer than its sources: then the CLI runs from dist/. Through
 * tsx it starts in twice the time (3.1 s against 1.8 s for `--version` on
 * the development machine), and the suite starts it a few hundred times.
 */
function builtIsUpToDate(): boolean {
  builtIsCurrent ??= CLI_PACKAGES.every((name) => {
    const buildInfo = join(packagesRoot, name, 'tsconfig.tsbuildinfo');
    return (
      existsSync(buildInfo) && newestChange(join(packagesRoot, name, 'src')) <= statSync(buildInfo).mtimeMs
    );
  });
  return builtIsCurrent;
}

/** How to start `entry`: its build under dist/ when that is current, else the source through tsx. */
function nodeArguments(entry: string): string[] {
  const inSource = relative(join(serverRoot, 'src'), entry);
  if (!inSource.startsWith('..')) {
    const built = join(serverRoot, 'dist', inSource.replace(/\.ts$/, '.js'));
    if (existsSync(built) && builtIsUpToDate()) return [built];
  }
  return ['--import', 'tsx', entry];
}
export const CLI_ENTRY = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
export const AUTHENTICATOR_ENTRY = fileURLToPath(
  new URL('../../src/cli/authenticator/main.ts', import.meta.url),
);

/** The environment a command runs with, in a child process or in-process: `env` over a small base. */
function commandEnvironment(env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    PODPIS_LOG_LEVEL: 'warn',
    PODPIS_HTTP_PORT: '0',
    ...env,
  };
}

/**
 * Runs an entry point of the server package in a child process: from its
 * current build, else through tsx (so no build is needed while editing).
 */
export function spawnTs(
  entry: string,
  args: readonly string[],
  env: Record<string, string>,
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [...nodeArguments(entry), ...args], {
    cwd: serverRoot,
    env: commandEnvironment(env),
  });
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Collects what a command writes to one of its streams. */
class Collector {
  private readonly chunks: Buffer[] = [];
  write(text: string | Uint8Array): boolean {
    this.chunks.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text));
    return true;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs `podpis …` to its end in this process, with `env` (over the base
 * spawnTs gives) as its whole environment and `stdin` as its standard
 * input: what the binary does, without starting Node and loading the
 * server anew (seconds a call, a few hundred calls in the suite). `serve`
 * runs until its process's SIGTERM, so it is started with spawnTs instead;
 * runCliProcess runs the binary itself.
 */
export async function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
  stdin = '',
): Promise<CliResult> {
  if (args[0] === 'serve') throw new Error('podpis serve runs until SIGTERM: start it with spawnTs');
  const { runPodpis } = await import('../../src/cli/run.js');
  const stdout = new Collector();
  const stderr = new Collector();
  const code = await runPodpis(args, {
    stdout,
    stderr,
    stdin: Readable.from([Buffer.from(stdin, 'utf8')]),
    env: commandEnvironment(env),
    cwd: serverRoot,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Runs the `podpis` binary in a child process to its end, collecting what it printed. */
export function runCliProcess(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runTs(CLI_ENTRY, args, env);
}

/** Runs `podpis-authenticator …` to its end (the state file and passphrase from `env`). */
export function runAuthenticator(args: readonly string[], env: Record<string, string>): Promise<CliResult> {
  return runTs(AUTHENTICATOR_ENTRY, args, env);
}

/** Runs a TypeScript entry point to its end, collecting what it printed. */
export function runTs(
  entry: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<CliResult> {
  const child = spawnTs(entry, args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Resolves with the first stdout match of `pattern` printed from now on;
 * rejects if the process exits first or prints no match within `timeoutMs`
 * (120 s unless given: a CLI started with tsx on a busy machine can take a minute), showing what it printed.
 */
export function waitForLine(
  child: ChildProcessWithoutNullStreams,
  pattern: RegExp,
  timeoutMs = 120_000,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let errors = '';
    const onStderr = (chunk: Buffer): void => {
      errors += chunk.toString('utf8');
    };
    const onStdout = (chunk: Buffer): void => {
      seen += chunk.toString('utf8');
      const match = pattern.exec(seen);
      if (!match) return;
      stopListening();
      resolve(match);
    };
    const onExit = (code: number | null): void => {
      stopListening();
      reject(new Error(`process exited with ${code} before printing ${pattern}: ${seen}${errors}`));
    };
    const timer = setTimeout(() => {
      stopListening();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; printed: ${seen}${errors}`));
    }, timeoutMs);
    function stopListening(): void {
      clearTimeout(timer);
      child.stdout.off('data', onStdout);
      child.stderr.off('data', onStderr);
      child.off('exit', onExit);
    }
    child.stderr.on('data', onStderr);
    child.stdout.on('data', onStdout);
    child.on('exit', onExit);
  });
}

export function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
}
