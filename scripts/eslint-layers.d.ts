import type { Linter } from 'eslint';

/** Each folder of packages/server/src and the folders it may import from. */
export declare const SERVER_LAYERS: Readonly<Record<string, readonly string[]>>;
/** One ESLint config object per folder, refusing imports outside its layer. */
export declare const layerRules: Linter.Config[];
