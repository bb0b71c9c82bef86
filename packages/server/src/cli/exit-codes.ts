/** Exit codes of the `podpis` command, documented in docs/cli.md. */
export const EXIT = {
  /** The command did what was asked. */
  OK: 0,
  /** The command ran but failed: database unreachable, migration refused, server error. */
  FAILURE: 1,
  /** The command was called wrongly: unknown command or option, invalid configuration. */
  USAGE: 2,
  /**
   * A client command could not talk to the server at all (unreachable, TLS
   * not trusted, not a Podpis API): retrying or fixing --server/--ca may
   * help, unlike a refusal by the server, which is FAILURE.
   */
  CONNECTION: 3,
} as const;
