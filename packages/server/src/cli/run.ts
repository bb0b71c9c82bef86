import { isClientCommand, runClient } from './client.js';
import { withTerminal, type Terminal } from './terminal.js';

/**
 * Runs one `podpis` command (`args` without the node and script paths) on
 * `terminal` and resolves with its exit code: the binary's main.ts with the
 * process's own streams and environment, tests in-process with their own.
 * Everything a command opens (database, key store, timers) is closed by
 * then, except what `serve` starts to run until the process's SIGTERM.
 */
export function runPodpis(args: readonly string[], terminal: Terminal): Promise<number> {
  return withTerminal(terminal, async () => {
    // The client commands talk to a server over HTTPS and start without loading
    // the server, the database drivers and the CAs (seconds on a small machine,
    // paid on every call of a script that signs file by file).
    if (isClientCommand(args[0])) return runClient(args);
    const { runProgram } = await import('./program.js');
    return runProgram(args);
  });
}
