import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_TYPES_FILE, generateApiTypes } from './api-types.js';

const target = join(import.meta.dirname, '..', API_TYPES_FILE);
writeFileSync(target, await generateApiTypes());
console.log(`wrote ${target}`);
