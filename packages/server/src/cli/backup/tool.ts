import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { CliFailure } from '../commands/failures.js';
import { terminal } from '../terminal.js';

/**
 * A system tool the backup runs (tar, pg_dump, pg_restore, psql), fed and
 * drained as a stream. `finished` settles once: resolved on exit 0,
 * rejected with `code` and the tool's own words otherwise. `kill` ends it
 * at once (SIGKILL), so a half-fed psql never reaches its COMMIT.
 */
export class Tool {
  readonly finished: Promise<void>;
  private readonly child: ChildProcess;
  private stderr = '';

  constructor(
    readonly name: string,
    args: readonly string[],
    options: { code: string; env?: NodeJS.ProcessEnv; stdin: boolean; stdout: boolean; bin?: string },
  ) {
    this.child = spawn(options.bin ?? name, [...args], {
      env: { ...terminal().env, ...options.env },
      stdio: [options.stdin ? 'pipe' : 'ignore', options.stdout ? 'pipe' : 'ignore', 'pipe'],
    });
    this.child.stderr?.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 8192) this.stderr += chunk.toString('utf8');
    });
    // A tool that exits early makes further writes fail with EPIPE: `finished` reports why.
    this.child.stdin?.on('error', () => undefined);
    this.finished = new Promise<void>((resolve, reject) => {
      this.child.on('error', (error: NodeJS.ErrnoException) => {
        reject(
          new CliFailure(
            options.code,
            error.code === 'ENOENT'
              ? `${name} was not found (${options.bin ?? name}); install it or give its directory with --pg-bin`
              : `${name} could not start: ${error.message}`,
          ),
        );
      });
      this.child.on('close', (code, signal) => {
        if (code === 0) {
          resolve();
          return;
        }
        const why = this.stderr.trim() || (signal ? `killed by ${signal}` : `exit code ${String(code)}`);
        reject(new CliFailure(options.code, `${name} failed: ${why}`));
      });
    });
    // Callers await `finished` at their own time; an early failure must not be an unhandled rejection.
    this.finished.catch(() => undefined);
  }

  get stdout(): Readable {
    if (!this.child.stdout) throw new Error(`${this.name} was started without a stdout pipe`);
    return this.child.stdout;
  }

  get stdin(): Writable {
    if (!this.child.stdin) throw new Error(`${this.name} was started without a stdin pipe`);
    return this.child.stdin;
  }

  /** Writes to the tool's input, waiting while its pipe is full; fails as the tool does if it ended. */
  async feed(data: Buffer): Promise<void> {
    if (this.stdin.write(data)) return;
    await Promise.race([once(this.stdin, 'drain'), this.finished.then(() => this.endedEarly())]);
  }

  /** Ends the input and waits for the tool's success. */
  async close(): Promise<void> {
    this.stdin.end();
    await this.finished;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private endedEarly(): never {
    throw new CliFailure('TOOL_FAILED', `${this.name} ended before it had read all its input`);
  }
}
