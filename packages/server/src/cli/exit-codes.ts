/** Exit codes of the `podpis` command, documented in docs/cli.md. */
export const EXIT = {
  /** The command did what was asked. */
  OK: 0,
  /** The command ran but failed: database unreachable, migration refused, server error. */
  FAILURE: 1,
  /** The command was called wrongly: unknown command or option, invalid configuration. */
  USAGE: 2,
} as const;
