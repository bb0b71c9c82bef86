import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { rolldown } from 'rolldown';
import type { Plugin } from 'vite';

/**
 * Builds `entry` (src/early.ts) into a script of its own and loads it from
 * index.html before the office's code, as an async module: it then runs as
 * soon as its few kilobytes arrive, while the office's half-megabyte of
 * scripts is still on its way. Bundled apart from the office on purpose:
 * in the office's build, the modules it shares with the office would land
 * in a shared chunk (or a chunk group), and the script would wait for it.
 * Its name carries a hash of its content like the office's other assets,
 * which the server caches for good.
 */
export function earlyScript(entry: string): Plugin {
  let root = '';
  let building = false;
  let fileName = '';
  return {
    name: 'podpis-early-script',
    configResolved(config) {
      root = config.root;
      building = config.command === 'build';
    },
    async buildStart() {
      if (!building) return;
      const bundle = await rolldown({ input: join(root, entry), platform: 'browser' });
      try {
        const { output } = await bundle.generate({ format: 'esm', minify: true });
        const [chunk] = output;
        const hash = createHash('sha256').update(chunk.code).digest('base64url').slice(0, 8);
        fileName = `assets/early-${hash}.js`;
        this.emitFile({ type: 'asset', fileName, source: chunk.code });
      } finally {
        await bundle.close();
      }
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, context) {
        // The phone's app (mobile.html) has its own, smaller start.
        if (!context.filename.endsWith('index.html')) return [];
        return [
          {
            tag: 'script',
            attrs: {
              type: 'module',
              async: true,
              // Ahead of the office's scripts on a busy connection: they wait for its answers.
              fetchpriority: 'high',
              // In development Vite serves the source as it is.
              src: building ? `/${fileName}` : `/${entry}`,
            },
            injectTo: 'head-prepend',
          },
        ];
      },
    },
  };
}
