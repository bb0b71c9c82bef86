/**
 * CPU time of processes from /proc/<pid>/stat (Linux), so a benchmark can
 * say how much CPU each of its parts used — this process, a Podpis node, a
 * PostgreSQL server with all its backends — and not only how fast it went:
 * on a shared machine the rate moves with the load, the CPU per operation
 * much less.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks per second of utime/stime (`getconf CLK_TCK`, 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface Stat {
  ppid: number;
  /** user + system CPU, in ms. */
  cpuMs: number;
  /** user + system CPU of its children that ended and were waited for, in ms. */
  endedChildrenCpuMs: number;
}

function stat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // gone
  }
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ms = (ticks: number): number => (ticks * 1000) / TICKS_PER_SECOND;
  return {
    ppid: Number(fields[1]),
    cpuMs: ms(Number(fields[11]) + Number(fields[12])),
    endedChildrenCpuMs: ms(Number(fields[13]) + Number(fields[14])),
  };
}

/** CPU ms used so far by one process (its threads included); 0 once it is gone. */
export function processCpuMs(pid: number): number {
  return stat(pid)?.cpuMs ?? 0;
}

/**
 * CPU ms used so far by `pid` and its children (a PostgreSQL postmaster and
 * its backends), those that ended included: a backend that exits between
 * two readings (a pool closing an idle connection) takes its CPU out of the
 * living children's sum, and the postmaster's cutime/cstime takes it in once
 * it is reaped. Counting only the living made the difference of two
 * readings negative.
 */
export function processTreeCpuMs(pid: number): number {
  const root = stat(pid);
  let total = root ? root.cpuMs + root.endedChildrenCpuMs : 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = stat(Number(entry));
    if (child?.ppid === pid) total += child.cpuMs;
  }
  return total;
}

/** The parent of `pid` (a backend's postmaster), as /proc says. */
export function parentPid(pid: number): number {
  const found = stat(pid);
  if (!found) throw new Error(`no process ${pid}`);
  return found.ppid;
}

/** CPU ms this process used so far (user + system). */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
