import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Worker threads of the seat's services. Each worker script sits beside the module that starts
 * it: `<name>.ts` under tsx (development, tests), `<name>.cjs` in the Electron bundle, where
 * every module's import.meta.url is dist/electron/main.cjs (scripts/buildElectron.ts).
 */
export function workerScriptBeside(moduleUrl: string, name: string): URL {
  return new URL(`./${name}.${moduleUrl.endsWith('.ts') ? 'ts' : 'cjs'}`, moduleUrl);
}

/**
 * Starts a worker; a TypeScript one through tsx (Node 20 does not hand a worker the `--import`
 * loaders of its execArgv, so a small script registers tsx, then imports it).
 */
export function startWorker(script: URL, options: WorkerOptions): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script, options);
  let api: string;
  try {
    api = import.meta.resolve('tsx/esm/api');
  } catch {
    api = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href; // a host without import.meta.resolve
  }
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
