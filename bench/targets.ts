/**
 * Starting bench/ocsp-target.ts children, shared by the benches that load
 * the real server from outside its process.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProcessGroups } from './process-groups.js';

const TARGET_SCRIPT = fileURLToPath(new URL('./ocsp-target.ts', import.meta.url));

/** Starts bench/ocsp-target.ts in a child of its own process group and waits for its report. */
export async function startTarget<T>(
  processes: ProcessGroups,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const child = processes.spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), TARGET_SCRIPT, ...args],
    { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  return new Promise<T>((resolve, reject) => {
    const exited = (code: number | null): void => {
      reject(new Error(`bench/ocsp-target.ts ${args.join(' ')} exited with ${String(code)}`));
    };
    child.once('exit', exited);
    child.once('message', (report) => {
      child.off('exit', exited);
      resolve(report as T);
    });
  });
}

/** A new data dir under `work` and a clean environment: PGlite there, free ports, nothing inherited from a real setup. */
export function serverEnv(work: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith('PODPIS_') || name === 'DATABASE_URL') env[name] = undefined;
  }
  return {
    ...env,
    PODPIS_DATA_DIR: mkdtempSync(join(work, 'data-')),
    PODPIS_HOST: '127.0.0.1',
    PODPIS_PORT: '0',
    PODPIS_HTTP_PORT: '0',
    PODPIS_LOG_LEVEL: process.env.PODPIS_LOG_LEVEL ?? 'info',
    ...extra,
  };
}
