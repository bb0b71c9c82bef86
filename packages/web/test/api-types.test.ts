import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../scripts/api-types.js';

describe("the office's typed API client", () => {
  it("matches the server's OpenAPI document (else run npm run generate:api -w @podpis/web)", async () => {
    const committed = readFileSync(join(import.meta.dirname, '..', API_TYPES_FILE), 'utf8');
    const fresh = await generateApiTypes();
    expect(fresh === committed, 'src/api/schema.ts is stale: run npm run generate:api -w @podpis/web').toBe(
      true,
    );
  });
});
