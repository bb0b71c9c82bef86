import { build } from 'vite';

/** Builds the web office into packages/web/dist, where the server serves it from. */
export default async function setup(): Promise<void> {
  await build({
    configFile: new URL('../vite.config.ts', import.meta.url).pathname,
    logLevel: 'warn',
  });
}
