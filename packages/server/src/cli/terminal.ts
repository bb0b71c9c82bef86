import { AsyncLocalStorage } from 'node:async_hooks';

/** Where a command writes: the process's stdout or stderr, or a test's collector. */
export interface TerminalOutput {
  write(text: string | Uint8Array): unknown;
  readonly isTTY?: boolean;
}

/** Where a command reads `--pin-stdin` and the like from. */
export type TerminalInput = AsyncIterable<unknown> & { readonly isTTY?: boolean };

/** The environment variables a run reads its configuration from. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * What one run of `podpis` talks to: its streams, environment, working
 * directory and the exit code it ends with. The binary runs with the
 * process's own; tests run commands in-process with their own, so that a
 * run neither reads the test's environment nor sets its exit code.
 */
export interface Terminal {
  readonly stdout: TerminalOutput;
  readonly stderr: TerminalOutput;
  readonly stdin: TerminalInput;
  readonly env: Env;
  readonly cwd: string;
}

/** The process's own streams and environment: what the `podpis` binary runs with. */
export function processTerminal(): Terminal {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}

interface Run {
  terminal: Terminal;
  exitCode: number;
}

// The run a command belongs to follows its async calls, so that the helpers deep in the commands (progress
// lines, PIN and passphrase readers, the audit actor) reach the run's terminal without each taking it as a
// parameter, and runs started together in one process (tests) keep theirs apart.
const runs = new AsyncLocalStorage<Run>();

/** The terminal of the run this code belongs to; the process's own outside any run. */
export function terminal(): Terminal {
  return runs.getStore()?.terminal ?? processTerminal();
}

/** Sets the code the current run ends with unless a failure decides otherwise (verify: 1 when broken). */
export function setExitCode(code: number): void {
  const run = runs.getStore();
  if (run) run.exitCode = code;
  else process.exitCode = code;
}

/**
 * Runs `work` as one run on `terminal`; resolves with the exit code `work`
 * returned, else the one set with `setExitCode` (0 by default).
 */
export async function withTerminal(
  terminal: Terminal,
  work: () => Promise<number | undefined>,
): Promise<number> {
  const run: Run = { terminal, exitCode: 0 };
  const code = await runs.run(run, work);
  return code ?? run.exitCode;
}
