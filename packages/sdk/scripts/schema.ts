import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { pino } from 'pino';
import { loadConfig, startServer } from '@podpis/server';

/** Where the generated types live, relative to packages/sdk. */
export const SCHEMA_FILE = 'src/generated/schema.ts';

const HEADER = `// Generated from the server's OpenAPI document by \`npm run generate -w @podpis/sdk\`.
// Do not edit: a test fails when it no longer matches the server.
/* eslint-disable */
`;

/**
 * The server's OpenAPI document, from a server started on a throwaway data
 * directory with every optional part of the API switched on that the
 * document describes, so the SDK sees the whole API.
 */
async function serverOpenApi(): Promise<OpenAPI3> {
  const dataDir = mkdtempSync(join(tmpdir(), 'podpis-sdk-openapi-'));
  try {
    const { config } = loadConfig({
      PODPIS_DATA_DIR: dataDir,
      PODPIS_HOST: '127.0.0.1',
      PODPIS_PORT: '0',
      PODPIS_HTTP_PORT: '0',
    });
    const server = await startServer(config, pino({ level: 'silent' }));
    try {
      const answer = await server.app.inject({ method: 'GET', url: '/api/openapi.json' });
      if (answer.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${answer.statusCode}`);
      return answer.json<OpenAPI3>();
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** TypeScript types of every path, body and answer of the API, as openapi-fetch consumes them. */
export async function generateSchema(): Promise<string> {
  // The servers entry names the throwaway port; it is not part of the API's shape.
  const document = { ...(await serverOpenApi()), servers: [] };
  const ast = await openapiTS(document, { alphabetize: true, exportType: true });
  return HEADER + astToString(ast);
}
