/**
 * A vitest setup file (vitest.config.ts, every project): the temp dirs a
 * test file made with `tempDir` go when the file is done. Vitest ends its
 * workers without a normal exit, so the exit hook alone would not run.
 */
import { afterAll } from 'vitest';
import { removeTempDirs } from './openssl.js';

afterAll(removeTempDirs);
