/**
 * The processes a benchmark starts, each in a process group of its own, so
 * that stopping one stops whatever it forked too: `openssl ocsp -multi`
 * forks its responders, and on SIGTERM its parent waits for them instead of
 * exiting, so killing the parent alone leaves them running. A benchmark
 * stops every group it started when it ends, fails, or is interrupted.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { constants } from 'node:os';
import { waitFor } from '@podpis/testkit';

/** How long a group has to end after SIGTERM before it gets SIGKILL, and then again before we give up. */
const GRACE_MS = 5_000;

/**
 * Sends `signal` to every process of group `pgid` (0: none, only asks
 * whether any is there, a zombie not yet reaped included); false when
 * there is no such group.
 */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

const running = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

export class ProcessGroups {
  readonly #leaders = new Set<ChildProcess>();
  #stopping = false;

  /**
   * Starts `command` as the leader of a process group of its own: `detached`
   * (a new session, and so a new group) unless it `makesOwnGroup` — `openssl
   * ocsp -multi` calls setpgid itself and exits at once if it is a session
   * leader, which `detached` would make it.
   */
  spawn(
    command: string,
    args: readonly string[],
    options: SpawnOptions,
    { makesOwnGroup = false }: { makesOwnGroup?: boolean } = {},
  ): ChildProcess {
    if (this.#stopping) throw new Error(`not starting ${command}: the benchmark is stopping`);
    const child = spawn(command, args, { ...options, detached: !makesOwnGroup });
    this.#leaders.add(child);
    return child;
  }

  /**
   * SIGTERM to the whole group, SIGKILL after a grace period; resolves once
   * the leader has exited and no process of its group is left.
   */
  async stop(child: ChildProcess): Promise<void> {
    this.#leaders.delete(child);
    const pgid = child.pid;
    if (pgid === undefined) return;
    const signal = (name: NodeJS.Signals): void => {
      // A leader that has not made its group yet is signalled alone (it has forked nothing yet).
      if (!signalGroup(pgid, name) && running(child)) child.kill(name);
    };
    const ended = (after: string) =>
      waitFor(() => !running(child) && !signalGroup(pgid, 0), {
        what: `${child.spawnfile} (process group ${pgid}) to end after ${after}`,
        timeoutMs: GRACE_MS,
      });
    signal('SIGTERM');
    await ended('SIGTERM').catch(() => {
      signal('SIGKILL');
      return ended('SIGKILL');
    });
  }

  /** Stops every group started and not yet stopped. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.#leaders].map((child) => this.stop(child)));
  }

  /**
   * On SIGINT or SIGTERM: starts nothing more, stops every group, runs
   * `cleanUp`, and exits as the signal would have (128 + its number).
   */
  stopOnSignals(cleanUp: () => void): void {
    const stop = (signal: 'SIGINT' | 'SIGTERM'): void => {
      this.#stopping = true;
      void this.stopAll()
        .catch((error: unknown) => {
          console.error(error);
        })
        .finally(() => {
          cleanUp();
          process.exit(128 + constants.signals[signal]);
        });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
}
