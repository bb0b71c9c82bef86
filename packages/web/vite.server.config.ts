import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { antdStyles } from './build/antd-styles.ts';

/**
 * The server's part of the office: server/firstPage.tsx, built for Node
 * into dist/server/ (outside dist/assets/, so never served), with every
 * library in it, so the server loads one file and needs none of the
 * office's dependencies installed beside it.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [antdStyles(), react()],
  ssr: { noExternal: true },
  // Ant Design's and React's production code, as in the browser's build (Node's NODE_ENV is the server's business).
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    ssr: 'src/server/firstPage.tsx',
    outDir: 'dist/server',
    emptyOutDir: true,
    copyPublicDir: false,
    target: 'node20',
    minify: true,
    rolldownOptions: {
      // The dictionaries, chunks of their own in the browser's build, are all in this one file on purpose.
      checks: { ineffectiveDynamicImport: false },
      // An ES module wherever the build is copied, whatever package.json is above it.
      output: { entryFileNames: '[name].mjs' },
    },
  },
});
