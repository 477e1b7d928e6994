import { build, type BuildOptions } from 'esbuild';

/**
 * Bundles the Electron edge: main process (and its search-index worker) and preload, each to one CommonJS file in dist/electron
 * (a sandboxed preload cannot load modules; main keeps the native better-sqlite3 external so the
 * Electron-ABI build can be dropped in beside it).
 */
const common: BuildOptions = { bundle: true, format: 'cjs', sourcemap: true, logLevel: 'warning' };

// The main process's code finds files beside it (the search-index worker) from import.meta.url.
const nodeSide: BuildOptions = {
  ...common,
  platform: 'node',
  target: 'node20',
  external: ['electron', 'better-sqlite3-multiple-ciphers'],
  define: { 'import.meta.url': 'importMetaUrl', 'import.meta.resolve': 'undefined' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await Promise.all([
  build({ ...nodeSide, entryPoints: ['main/electron/electronMain.ts'], outfile: 'dist/electron/main.cjs' }),
  // Worker threads of the main process: the cache's search indexes built beside an initial sync,
  // and the initial sync's pages fetched and checked off the main thread.
  build({ ...nodeSide, entryPoints: ['main/services/localCache/searchIndexWorker.ts'], outfile: 'dist/electron/searchIndexWorker.cjs' }),
  build({ ...nodeSide, entryPoints: ['main/services/sync/snapshotReaderWorker.ts'], outfile: 'dist/electron/snapshotReaderWorker.cjs' }),
  build({ ...common, entryPoints: ['preload/preload.ts'], outfile: 'dist/electron/preload.cjs', platform: 'browser', target: 'chrome130', external: ['electron'] }),
]);
console.log('built dist/electron/main.cjs, searchIndexWorker.cjs, snapshotReaderWorker.cjs and preload.cjs');
