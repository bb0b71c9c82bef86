import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A child process of the HA harness: its output goes to a log file (kept
 * with PODPIS_KEEP_TEMP=1) and is remembered, so a test can wait for a line
 * and a failure can show the tail.
 */
export interface Child {
  name: string;
  process: ChildProcess;
  output(): string;
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Resolves when the process has exited (at once when it already has). */
  exited(): Promise<void>;
}

/** Every child started by the harness, killed (SIGKILL) by `killAll` in the tests' teardown. */
const started = new Set<Child>();

export function startChild(
  name: string,
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; logFile: string; uid?: number; gid?: number },
): Child {
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
  });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    // Output can trail the exit event; the log file is closed by then.
    if (log.writable) log.write(chunk);
    text += chunk.toString('utf8');
    // Only the tail matters for waiting and for failure messages.
    if (text.length > 2_000_000) text = text.slice(-1_000_000);
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      log.end();
      for (const listener of listeners) listener();
      resolve();
    });
  });
  const handle: Child = {
    name,
    process: child,
    output: () => text,
    exited: () => exit,
    waitForOutput(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(text);
          if (match) {
            done();
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(
              new Error(
                `${name} exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${text.slice(-3000)}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${name}: no ${pattern} within ${timeoutMs} ms:\n${text.slice(-3000)}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
  started.add(handle);
  void exit.then(() => started.delete(handle));
  return handle;
}

/** Sends `signal` and waits (at most `timeoutMs`, then SIGKILL) until the process is gone. */
export async function stopChild(child: Child, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill(signal);
  const timer = setTimeout(() => child.process.kill('SIGKILL'), timeoutMs);
  await child.exited();
  clearTimeout(timer);
}

/** The tests' teardown: whatever the harness started and is still running is killed. */
export async function killAll(): Promise<void> {
  await Promise.all([...started].map((child) => stopChild(child, 'SIGKILL', 5000)));
}

/**
 * A TCP forwarder on loopback between one node and PostgreSQL: `cut()`
 * drops every connection through it and refuses new ones — the node is
 * partitioned from the database while everything else still reaches it.
 */
export class TcpProxy {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #cut = false;
  port = 0;

  private constructor(targetPort: () => number) {
    this.#server = createServer((client) => {
      if (this.#cut) {
        client.destroy();
        return;
      }
      const upstream = createConnection({ host: '127.0.0.1', port: targetPort() });
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  static async start(targetPort: () => number): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetPort);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    const address = proxy.#server.address();
    proxy.port = address !== null && typeof address === 'object' ? address.port : 0;
    return proxy;
  }

  cut(): void {
    this.#cut = true;
    for (const socket of this.#sockets) socket.destroy();
  }

  heal(): void {
    this.#cut = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) =>
      this.#server.close(() => {
        resolve();
      }),
    );
  }
}
