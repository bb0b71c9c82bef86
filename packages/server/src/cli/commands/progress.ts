import { terminal } from '../terminal.js';
/**
 * How progress shows: `tty` redraws one line in place; `lines` writes a
 * line now and then (a log or a test reading stderr, where carriage returns
 * would pile up); `off` writes nothing.
 */
export type ProgressMode = 'tty' | 'lines' | 'off';

/** How often a line is written at most: often enough to look alive, rarely enough for logs. */
const INTERVAL_MS = { tty: 200, lines: 1000 } as const;

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/**
 * Bytes done of a total, with the percentage and the speed so far, on
 * stderr (stdout is the command's result). `now` is injectable for tests.
 */
export class Progress {
  private done = 0;
  private readonly started: number;
  private lastWritten = Number.NEGATIVE_INFINITY;
  private shownDone = -1;
  private total: number;

  constructor(
    private readonly label: string,
    total: number,
    private readonly mode: ProgressMode,
    private readonly write: (text: string) => void = (text) => terminal().stderr.write(text),
    private readonly now: () => number = Date.now,
  ) {
    this.total = total;
    this.started = now();
  }

  /** The total once it is known (a download's Content-Length). */
  setTotal(total: number): void {
    this.total = total;
  }

  /** `bytes` more are done; redraws when the last line is old enough. */
  add(bytes: number): void {
    this.done += bytes;
    if (this.mode === 'off') return;
    const now = this.now();
    if (now - this.lastWritten < INTERVAL_MS[this.mode]) return;
    this.lastWritten = now;
    this.show(false);
  }

  /** The final line, once the work is done (in lines, only when the last one shown is not it already). */
  finish(): void {
    if (this.mode === 'tty' || (this.mode === 'lines' && this.shownDone !== this.done)) this.show(true);
  }

  /** "upload a.pdf: 12.0 MiB / 20.0 MiB (60%) 8.5 MiB/s". */
  line(): string {
    const seconds = Math.max((this.now() - this.started) / 1000, 0.001);
    const percent = this.total > 0 ? Math.floor((this.done / this.total) * 100) : 100;
    return `${this.label}: ${formatBytes(this.done)} / ${formatBytes(this.total)} (${percent}%) ${formatBytes(Math.round(this.done / seconds))}/s`;
  }

  private show(last: boolean): void {
    this.shownDone = this.done;
    if (this.mode === 'tty') this.write(`\r\x1b[2K${this.line()}${last ? '\n' : ''}`);
    else this.write(`${this.line()}\n`);
  }
}
