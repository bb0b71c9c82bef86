import { build } from 'vite';

/**
 * Builds the web office into packages/web/dist, where the server serves it
 * from — as `npm run build` does: vitest sets NODE_ENV to `test`, which
 * Vite would otherwise bake into the bundle, shipping React's development
 * build (twice the size, and slower) to the browser tests.
 */
export default function setup(): Promise<void> {
  // Every project whose tests open the office (web, example-edo) names this setup; the
  // build runs once, as two at a time would write the same dist folder.
  const shared = globalThis as { podpisOfficeBuild?: Promise<void> };
  shared.podpisOfficeBuild ??= buildOffice();
  return shared.podpisOfficeBuild;
}

async function buildOffice(): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    // The browser's part, then the server's (which renders first pages), in that order: the first empties dist/.
    for (const config of ['../vite.config.ts', '../vite.server.config.ts']) {
      await build({
        configFile: new URL(config, import.meta.url).pathname,
        mode: 'production',
        logLevel: 'warn',
      });
    }
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
