import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.js, exercised on one-line snippets at real paths of the tree,
 * so that a config edit that drops or shadows a rule fails here instead of letting imports through.
 */
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

/** The import restrictions ESLint reports for `source` written at `filePath`. */
async function restrictionsAt(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const forbidden: Array<[file: string, specifier: string]> = [
  ['shared/domain/fixture.ts', '../../main/services/workstationService.js'],
  ['shared/domain/fixture.ts', '../../server/app.js'],
  ['shared/fixture.ts', '../renderer/src/app/stores.js'],
  ['shared/fixture.ts', '../preload/preload.js'],
  ['shared/fixture.ts', 'node:fs'],
  ['shared/fixture.ts', 'crypto'],
  ['shared/fixture.ts', 'fs/promises'],
  ['shared/fixture.ts', 'electron'],
  ['shared/fixture.ts', 'better-sqlite3-multiple-ciphers'],
  ['shared/domain/fixture.test.ts', '../../server/app.js'],
  ['renderer/src/orders/Fixture.tsx', '../../../main/services/workstationService.js'],
  ['renderer/src/orders/Fixture.tsx', '../../../server/app.js'],
  ['renderer/src/orders/Fixture.tsx', '../../../preload/preload.js'],
  ['renderer/src/fixture.ts', 'node:path'],
  ['renderer/src/fixture.ts', 'path'],
  ['renderer/src/fixture.ts', 'fs'],
  ['renderer/src/fixture.ts', 'crypto'],
  ['renderer/src/fixture.ts', 'electron'],
  ['server/http/fixture.ts', '../../main/services/workstationService.js'],
  ['server/http/fixture.ts', '../../renderer/src/app/stores.js'],
  ['server/fixture.ts', 'electron'],
  ['preload/fixture.ts', '../main/services/workstationService.js'],
  ['preload/fixture.ts', '../server/app.js'],
  ['preload/fixture.ts', '../renderer/src/app/stores.js'],
  ['preload/fixture.ts', 'node:fs'],
  ['main/services/fixture.ts', '../../server/app.js'],
  ['main/services/fixture.ts', '../../renderer/src/app/stores.js'],
  ['main/services/fixture.ts', 'electron'],
  ['main/seat/fixture.ts', 'electron'],
];

const allowed: Array<[file: string, specifier: string]> = [
  ['shared/domain/fixture.ts', '../workstationApi.js'],
  ['shared/domain/fixture.ts', 'zod'],
  ['shared/domain/fixture.test.ts', 'node:fs'],
  ['renderer/src/orders/Fixture.tsx', '../../../shared/workstationApi.js'],
  ['renderer/src/orders/Fixture.tsx', '../app/stores.js'],
  ['renderer/vite.config.ts', 'node:url'],
  ['server/http/fixture.ts', '../../shared/workstationApi.js'],
  ['server/http/fixture.ts', 'node:fs'],
  ['preload/fixture.ts', '../shared/rawBridge.js'],
  ['preload/fixture.ts', 'electron'],
  ['main/services/fixture.ts', '../../shared/workstationApi.js'],
  ['main/services/fixture.ts', 'node:fs'],
  ['main/electron/fixture.ts', 'electron'],
  ['main/services/fixture.test.ts', '../../server/seed/demoData.js'],
];

describe('layer rules (eslint.config.js)', () => {
  it.each(forbidden)('%s may not import %s', async (file, specifier) => {
    expect(await restrictionsAt(file, `import '${specifier}';\n`)).toHaveLength(1);
    expect(await restrictionsAt(file, `export * from '${specifier}';\n`)).toHaveLength(1);
    expect(await restrictionsAt(file, `import type { X } from '${specifier}';\nexport type Y = X;\n`)).toHaveLength(1);
  });

  it.each(allowed)('%s may import %s', async (file, specifier) => {
    expect(await restrictionsAt(file, `import '${specifier}';\n`)).toEqual([]);
  });

  it('names the layer and the way out', async () => {
    expect(await restrictionsAt('renderer/src/fixture.ts', "import '../../server/app.js';\n")).toEqual([
      expect.stringContaining('renderer/ must not import server/ (server/ is the backend); move what both need to shared/.'),
    ]);
  });
});
