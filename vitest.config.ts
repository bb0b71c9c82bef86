import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string): string =>
  fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests import workspace packages from source, so `npm test` needs no build
// between editing a package and testing its dependants.
export const alias = {
  '@podpis/gost': src('gost'),
  // Listed before the package itself: an alias matches as a prefix.
  '@podpis/pki/labels': fileURLToPath(new URL('./packages/pki/src/labels.ts', import.meta.url)),
  '@podpis/pki': src('pki'),
  '@podpis/confirm': src('confirm'),
  '@podpis/sdk/cms': fileURLToPath(new URL('./packages/sdk/src/cms/index.ts', import.meta.url)),
  '@podpis/sdk/csc': fileURLToPath(new URL('./packages/sdk/src/csc/index.ts', import.meta.url)),
  '@podpis/sdk': src('sdk'),
  '@podpis/testkit': src('testkit'),
  '@podpis/server': src('server'),
  '@podpis/example-edo': fileURLToPath(new URL('./examples/edo/src/index.ts', import.meta.url)),
};

/** Every test file's temp dirs are removed when it is done (PODPIS_KEEP_TEMP=1 keeps them). */
export const setupFiles = ['packages/testkit/src/vitest-cleanup.ts'];

/**
 * A worker keeps its loaded modules from one test file to the next. Isolated,
 * every file imported the server's source (and PKI.js, PGlite, Fastify) anew:
 * 8 server files spent 80 s importing, against 19 s shared, and took 204 s
 * wall / 82 s CPU against 147 s / 61 s. No test file mocks modules or leaves
 * global state behind (the GOST path choice and fake timers are restored by
 * the tests that change them), which sharing would otherwise leak. The
 * browser projects (web, example-edo) stay isolated: their files start a
 * whole office and Chromium each, and one (mobile-pwa) failed when run after
 * two others in one shared worker.
 */
const isolate = false;

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ['default'],
    // Vitest's default in `run` mode is one worker fewer than the cores: one on
    // the two-core machines CI runs on, which serialises every file. Many files
    // wait on other processes (Chromium, OpenSSL, the CLI, PostgreSQL), so two
    // at a time take about two thirds of the time.
    maxWorkers: 2,
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts', 'examples/*/src/**/*.ts'],
      reporter: ['text-summary', 'html'],
    },
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'example-edo',
          include: ['examples/*/test/**/*.test.ts'],
          // The office's build, which the Podpis started for the test serves (its sign-in and consent pages).
          globalSetup: ['packages/web/test/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          setupFiles,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'gost',
          include: ['packages/gost/test/**/*.test.ts'],
          testTimeout: 60_000,
          setupFiles,
          isolate,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'confirm',
          include: ['packages/confirm/test/**/*.test.ts'],
          testTimeout: 60_000,
          setupFiles,
          isolate,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'pki',
          include: ['packages/pki/test/**/*.test.ts'],
          testTimeout: 60_000,
          setupFiles,
          isolate,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'sdk',
          include: ['packages/sdk/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          setupFiles,
          isolate,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'server',
          include: ['packages/server/test/**/*.test.ts'],
          // The fault tests start whole clusters: `npm run test:ha` (vitest.ha.config.ts).
          exclude: ['packages/server/test/ha/**'],
          globalSetup: ['packages/server/test/global-setup.ts'],
          // A timeout here catches a hang, not slowness: a test that starts the CLI twice on a
          // fresh embedded database took over a minute while two files and other work shared
          // the two cores.
          testTimeout: 180_000,
          hookTimeout: 180_000,
          setupFiles,
          isolate,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'web',
          include: ['packages/web/test/**/*.test.ts'],
          // Builds the office once, so the browser tests run what `npm start` serves.
          globalSetup: ['packages/web/test/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          setupFiles,
        },
      },
    ],
  },
});
