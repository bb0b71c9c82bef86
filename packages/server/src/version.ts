import { readFileSync } from 'node:fs';

/** The server package's version; src/ and dist/ both sit next to package.json. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
