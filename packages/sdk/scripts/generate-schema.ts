import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSchema, SCHEMA_FILE } from './schema.js';

const target = join(import.meta.dirname, '..', SCHEMA_FILE);
writeFileSync(target, await generateSchema());
console.log(`wrote ${target}`);
