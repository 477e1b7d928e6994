import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importCycles, importGraph, sourceFiles } from '../../scripts/lint/importCycles.js';
import { makeTempDir } from '../support/tempDir.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** Writes the files (path → source) into a fresh folder and returns the cycles found there, as relative paths. */
function cyclesIn(files: Record<string, string>): string[][] {
  const tmp = makeTempDir('import-cycles');
  cleanup = tmp.cleanup;
  for (const [name, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(tmp.dir, name)), { recursive: true });
    fs.writeFileSync(path.join(tmp.dir, name), source);
  }
  const graph = importGraph(sourceFiles(tmp.dir, ['server']));
  return importCycles(graph).map((cycle) => cycle.map((f) => path.relative(tmp.dir, f)));
}

describe('import cycle check', () => {
  it('finds two modules importing each other, through a type-only import too', () => {
    expect(
      cyclesIn({
        'server/http/route.ts': "import type { Doc } from './openApi.js';\nexport interface Route { doc: Doc }\n",
        'server/http/openApi.ts': "import type { Route } from './route.js';\nexport interface Doc { routes: Route[] }\n",
      }),
    ).toEqual([['server/http/openApi.ts', 'server/http/route.ts', 'server/http/openApi.ts']]);
  });

  it('finds a loop of three across folders, re-exports and .tsx files included', () => {
    const cycles = cyclesIn({
      'server/a.ts': "export { b } from './sub/b.js';\n",
      'server/sub/b.tsx': "import { c } from '../c.js';\nexport const b = c;\n",
      'server/c.ts': "import '../server/a.js';\nexport const c = 1;\n",
    });
    expect(cycles).toEqual([['server/a.ts', 'server/sub/b.tsx', 'server/c.ts', 'server/a.ts']]);
  });

  it('passes a tree whose imports only go one way, ignoring packages and commented-out imports', () => {
    expect(
      cyclesIn({
        'server/app.ts': "import { z } from 'zod';\nimport { route } from './route.js';\nexport const app = [z, route];\n",
        'server/route.ts': "// import { app } from './app.js';\nimport { z } from 'zod';\nexport const route = z;\n",
      }),
    ).toEqual([]);
  });
});
