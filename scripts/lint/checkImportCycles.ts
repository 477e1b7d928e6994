import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCycles, importGraph, sourceFiles } from './importCycles.js';

/** `npm run lint` step: fails when any two modules of the repository import each other, directly or around a loop. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LAYERS = ['shared', 'server', 'main', 'preload', 'renderer', 'tests', 'scripts', 'bench'];

const cycles = importCycles(importGraph(sourceFiles(root, LAYERS)));
for (const cycle of cycles) console.error(`import cycle: ${cycle.map((f) => path.relative(root, f)).join(' -> ')}`);
if (cycles.length > 0) {
  console.error(`${cycles.length} import cycle(s): move what both sides need into a module of its own.`);
  process.exit(1);
}
console.log('no import cycles');
