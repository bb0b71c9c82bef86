import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/** The stylesheet the sign-in page renders with: what its components need, and what every component shares. */
export const SIGN_IN_STYLES = 'virtual:antd-sign-in.css';
/** Every other component's styles, loaded with the first page behind the sign-in. */
export const OTHER_STYLES = 'virtual:antd-other.css';

/**
 * The components on the sign-in page and its second steps (SignInPage,
 * SecondFactorSignIn, DeviceSignIn, LanguageSwitch, ProblemAlert, App's
 * Spin), by their class names' stem (`.ant-btn…` is `btn`), and the click
 * wave. Icons, links and keyframes style no component and stay here too.
 */
const SIGN_IN_COMPONENTS = new Set([
  'alert',
  'app',
  'btn',
  'col',
  'form',
  'input',
  'row',
  'segmented',
  'space',
  'spin',
  'typography',
  'wave',
]);

/**
 * Blocks the office never matches: the default theme's variables under the
 * class names of the server rendering that made the file (the office's
 * ConfigProvider writes its own theme's under its own), and that
 * rendering's style map for hydration, which zero-runtime mode does not read.
 */
const UNUSED = /^(\.css-var-_R_\w+_|\.data-ant-cssinjs-cache-path)\{/;

/** The top-level rules and at-rules of a (minified) stylesheet, in order. */
function topLevelBlocks(css: string): string[] {
  const blocks: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < css.length; index++) {
    const character = css[index];
    if (character === '{') depth++;
    else if (character === '}' && --depth === 0) {
      blocks.push(css.slice(start, index + 1));
      start = index + 1;
    }
  }
  const rest = css.slice(start).trim();
  if (rest !== '') blocks.push(rest);
  return blocks;
}

/** The component stem a block styles (its first `.ant-…` class, inside an at-rule too), or undefined when none. */
function componentOf(block: string): string | undefined {
  return /\.ant-([a-z]+)/.exec(block)?.[1];
}

/**
 * Splits Ant Design's prebuilt stylesheet (its zero-runtime mode) in two:
 * the sign-in page's components and the rest. A cold visit starts at the
 * sign-in page, whose stylesheet blocks rendering: it gets about a quarter
 * of the whole, and the other three quarters come with the first page
 * behind it (`App.tsx`'s `lazyPage`). Rules keep their order within each
 * part; a component's rules select by its own classes, so one part's rules
 * do not compete with the other's.
 */
export function antdStyles(): Plugin {
  let parts: { signIn: string; other: string } | undefined;
  const split = () => {
    if (parts) return parts;
    const require = createRequire(import.meta.url);
    const css = readFileSync(require.resolve('antd/dist/antd.css'), 'utf8');
    const signIn: string[] = [];
    const other: string[] = [];
    for (const block of topLevelBlocks(css)) {
      if (UNUSED.test(block)) continue;
      const component = componentOf(block);
      (component === undefined || SIGN_IN_COMPONENTS.has(component) ? signIn : other).push(block);
    }
    // In a cascade layer, Ant Design's rules yield to the office's own (office.css) in whatever
    // order the stylesheets arrive: the second part comes after office.css, and its equally
    // specific rules (`.ant-layout`'s height) would otherwise win.
    parts = { signIn: `@layer antd{${signIn.join('')}}`, other: `@layer antd{${other.join('')}}` };
    return parts;
  };
  return {
    name: 'podpis-antd-styles',
    enforce: 'pre',
    resolveId(id) {
      return id === SIGN_IN_STYLES || id === OTHER_STYLES ? id : undefined;
    },
    load(id) {
      if (id === SIGN_IN_STYLES) return split().signIn;
      if (id === OTHER_STYLES) return split().other;
      return undefined;
    },
  };
}
