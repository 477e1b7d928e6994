import { build, type BuildOptions } from 'esbuild';

/**
 * Bundles the Electron edge: main process and preload, each to one CommonJS file in dist/electron
 * (a sandboxed preload cannot load modules; main keeps the native better-sqlite3 external so the
 * Electron-ABI build can be dropped in beside it).
 */
const common: BuildOptions = { bundle: true, format: 'cjs', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['main/electron/electronMain.ts'], outfile: 'dist/electron/main.cjs', platform: 'node', target: 'node20', external: ['electron', 'better-sqlite3-multiple-ciphers'] }),
  build({ ...common, entryPoints: ['preload/preload.ts'], outfile: 'dist/electron/preload.cjs', platform: 'browser', target: 'chrome130', external: ['electron'] }),
]);
console.log('built dist/electron/main.cjs and dist/electron/preload.cjs');
