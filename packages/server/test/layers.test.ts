import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// The lint configuration's own rule set, so this test checks exactly what `npm run lint` enforces.
import { layerRules, SERVER_LAYERS } from '../../../scripts/eslint-layers.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const folders = Object.keys(SERVER_LAYERS);

function layerLinter(): ESLint {
  return new ESLint({
    cwd: root,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layerRules],
  });
}

async function restrictedImports(code: string, file: string): Promise<string[]> {
  const [result] = await layerLinter().lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe("the server's layers, as the lint enforces them", () => {
  it('refuses every import that points to a folder a layer may not use, and allows the ones it may', async () => {
    for (const folder of folders) {
      for (const other of folders) {
        if (other === folder) continue;
        const messages = await restrictedImports(
          `import { x } from '../${other}/module.js';\nexport const y = x;\n`,
          `packages/server/src/${folder}/example.ts`,
        );
        const allowed = SERVER_LAYERS[folder]?.includes(other) === true;
        expect({ folder, other, refused: messages.length > 0 }).toEqual({ folder, other, refused: !allowed });
      }
    }
  });

  it('keeps HTTP and the command line out of the services and the infrastructure', async () => {
    for (const folder of ['ca', 'people', 'auth', 'keystore', 'audit', 'outbox', 'core', 'jobs']) {
      for (const module of ['fastify', '@fastify/type-provider-typebox', 'commander']) {
        const messages = await restrictedImports(
          `import type { X } from '${module}';\nexport type Y = X;\n`,
          `packages/server/src/${folder}/example.ts`,
        );
        expect(messages, `${folder} importing ${module}`).toHaveLength(1);
      }
      const root = await restrictedImports(
        `import { startServer } from '../server.js';\nexport const s = startServer;\n`,
        `packages/server/src/${folder}/example.ts`,
      );
      expect(root, `${folder} importing the composition root`).toHaveLength(1);
    }
    expect(
      await restrictedImports(
        `import type { X } from 'fastify';\nexport type Y = X;\n`,
        'packages/server/src/http/example.ts',
      ),
    ).toEqual([]);
  });

  it('finds no upward import in the server as it is', async () => {
    const source = join(root, 'packages/server/src');
    expect(
      readdirSync(source)
        .filter((entry) => !entry.includes('.'))
        .sort(),
    ).toEqual([...folders].sort());
    const results = await layerLinter().lintFiles(['packages/server/src/**/*.ts']);
    const problems = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === 'no-restricted-imports')
        .map((m) => `${r.filePath.slice(root.length)}:${m.line} ${m.message}`),
    );
    expect(problems).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
  });
});
