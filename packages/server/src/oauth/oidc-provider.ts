import type * as OidcProvider from 'oidc-provider';

const UNSUPPORTED_RUNTIME = 'oidc-provider WARNING: Unsupported runtime';

/**
 * oidc-provider, loaded without its start-up warning. As it loads it warns
 * "Unsupported runtime" on any Node.js before 22, while Podpis supports
 * Node.js 20 (its OAuth tests pass there). Every `podpis` command imports
 * the server, so the line would precede each command's output and break the
 * CLI's one-line errors and clean `--json` output, and it would alarm
 * whoever reads the start-up log. Any other warning passes through.
 */
const warn = console.warn;
console.warn = (...args: unknown[]): void => {
  if (typeof args[0] === 'string' && args[0].startsWith(UNSUPPORTED_RUNTIME)) return;
  warn(...args);
};
let loaded: typeof OidcProvider;
try {
  loaded = await import('oidc-provider');
} finally {
  console.warn = warn;
}

export const Provider = loaded.default;
export type Provider = OidcProvider.default;
export const { errors } = loaded;
