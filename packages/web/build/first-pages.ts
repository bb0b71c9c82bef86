import { join, relative } from 'node:path';
import type { Plugin, Rolldown } from 'vite';

type OutputBundle = Rolldown.OutputBundle;
type OutputChunk = Rolldown.OutputChunk;

/** Where the server finds the list, in the build's output directory. */
export const FIRST_PAGES_FILE = 'first-pages.json';

/**
 * What the server adds to index.html for a request that is likely signed in
 * (read by packages/server's web-office.ts): the files every page behind the
 * sign-in needs, and those of the pages people land on, by path.
 */
export interface FirstPages {
  /** Assets (`/assets/…`) every signed-in first load needs: the layout, the other styles, the words. */
  signedIn: string[];
  /** Each landing page's own assets, by its exact path. */
  pages: Record<string, string[]>;
}

interface FirstPagesOptions {
  /** Source modules (relative to the web package) that every page behind the sign-in loads first. */
  signedIn: readonly string[];
  /** The pages people land on after signing in, by path: their source modules. */
  pages: Readonly<Record<string, string>>;
}

/**
 * Writes `first-pages.json`: for each named source module, the chunk it
 * is in and that chunk's static imports and styles, less what index.html
 * already loads. A cold load of a page behind the sign-in otherwise
 * fetches the page's code only once the sign-in page's code has run and
 * asked who is signed in (App.tsx's `usePreloadFirstPage`): some half a
 * second on this machine's two cores, during which the network is idle.
 */
export function firstPages(options: FirstPagesOptions): Plugin {
  let root = '';
  return {
    name: 'podpis-first-pages',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((file): file is OutputChunk => file.type === 'chunk');
      const byModule = (source: string): OutputChunk => {
        const id = join(root, source);
        const chunk = chunks.find((candidate) => candidate.moduleIds.includes(id));
        if (!chunk) throw new Error(`first-pages: ${source} is in no chunk`);
        return chunk;
      };
      const office = chunks.find(
        (chunk) =>
          chunk.isEntry &&
          chunk.facadeModuleId !== null &&
          relative(root, chunk.facadeModuleId) === 'index.html',
      );
      const loadedByIndex = office ? closure(bundle, [office]) : new Set<string>();
      const assets = (sources: readonly string[]) =>
        [...closure(bundle, sources.map(byModule))]
          .filter((file) => !loadedByIndex.has(file))
          .map((file) => `/${file}`);
      const list: FirstPages = {
        signedIn: assets(options.signedIn),
        pages: Object.fromEntries(
          Object.entries(options.pages).map(([path, source]) => [path, assets([source])]),
        ),
      };
      // A page's list leaves out what every signed-in load gets anyway.
      const common = new Set(list.signedIn);
      for (const [path, files] of Object.entries(list.pages)) {
        list.pages[path] = files.filter((file) => !common.has(file));
      }
      this.emitFile({
        type: 'asset',
        fileName: FIRST_PAGES_FILE,
        source: `${JSON.stringify(list, null, 2)}\n`,
      });
    },
  };
}

/** The chunks' files, their static imports' (recursively) and their styles. */
function closure(bundle: OutputBundle, start: readonly OutputChunk[]): Set<string> {
  const files = new Set<string>();
  const visited = new Set<string>();
  const pending = [...start];
  for (let chunk = pending.pop(); chunk !== undefined; chunk = pending.pop()) {
    if (visited.has(chunk.fileName)) continue;
    visited.add(chunk.fileName);
    // A chunk of styles only (otherStyles.ts) has no code: Vite drops its script and keeps the stylesheet.
    if (chunk.code.trim() !== '') files.add(chunk.fileName);
    for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
    for (const imported of chunk.imports) {
      const next = bundle[imported];
      if (next?.type === 'chunk') pending.push(next);
    }
  }
  return files;
}
