import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The ABI (NODE_MODULE_VERSION) a compiled `.node` file was built for, read by asking this Node
 * to load it: it loads when built for this Node; otherwise Node's refusal names the version.
 */
export function nativeModuleAbi(file: string): number {
  try {
    process.dlopen({ exports: {} }, file);
    return Number(process.versions.modules);
  } catch (error) {
    const found = /compiled against a different Node\.js version using\s+NODE_MODULE_VERSION (\d+)/.exec((error as Error).message);
    if (!found) throw new Error(`${file} cannot be read as a native module: ${(error as Error).message}`, { cause: error });
    return Number(found[1]);
  }
}

/** Fails loudly when `file` was built for Node's ABI, or for another Electron's, instead of `electronVersion`'s. */
export function assertBuiltForElectron(file: string, electronVersion: string): number {
  const { getAbi } = require('node-abi') as { getAbi(target: string, runtime: string): string };
  const expected = Number(getAbi(electronVersion, 'electron'));
  const actual = nativeModuleAbi(file);
  if (actual !== expected) {
    const whose = actual === Number(process.versions.modules) ? `Node ${process.versions.node}'s ABI` : `ABI ${actual}`;
    throw new Error(`${file} was built for ${whose}, not Electron ${electronVersion}'s ABI ${expected}: the Electron headers were not used`);
  }
  return actual;
}
