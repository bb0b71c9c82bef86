import type { TestProject } from 'vitest/node';
import { startPostgres } from '@podpis/testkit';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the throwaway PostgreSQL server's admin database; tests create their own databases on it. */
    postgresUrl: string;
  }
}

/** One real PostgreSQL 15 server for the whole server test run. */
export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => {
    server.stop();
  };
}
