import { Worker } from 'node:worker_threads';

/**
 * A worker thread running the module `name` (without extension) next to
 * `base` (the caller's import.meta.url): the compiled `.js` in production;
 * from the TypeScript sources (tests, tsx) the thread first registers tsx,
 * as a loader registered in the main thread does not reach workers (tsx is
 * resolved from the working directory, the repository's root).
 */
export function startWorkerThread(base: string, name: string): Worker {
  // None of the parent's flags: the thread needs none, and some (--input-type) stop it from starting.
  const options = { execArgv: [] };
  if (!base.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, base), options);
  const worker = new URL(`./${name}.ts`, base).href;
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(worker)}); });`,
    { ...options, eval: true },
  );
}
