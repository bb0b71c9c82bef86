import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSchema, SCHEMA_FILE } from '../scripts/schema.js';

describe("the SDK's typed client", () => {
  it("matches the server's OpenAPI document (else run npm run generate -w @podpis/sdk)", async () => {
    const committed = readFileSync(join(import.meta.dirname, '..', SCHEMA_FILE), 'utf8');
    const fresh = await generateSchema();
    expect(fresh === committed, 'src/generated/schema.ts is stale: run npm run generate -w @podpis/sdk').toBe(
      true,
    );
  });
});
