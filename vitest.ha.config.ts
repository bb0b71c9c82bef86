import { defineConfig } from 'vitest/config';
import { alias, setupFiles } from './vitest.config.js';

/**
 * The high-availability fault tests (`npm run test:ha`): each file starts
 * PostgreSQL (or Patroni with etcd), three built Podpis nodes and HAProxy on
 * loopback, so they run one file at a time and outside the default suite.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    name: 'ha',
    include: ['packages/server/test/ha/**/*.test.ts'],
    reporters: ['default'],
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    setupFiles,
  },
});
