import type { SerializedError } from 'vitest';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line ("Tests: N passed, N failed, N skipped") that CI reads, and with
 * CI=true fails the run when any test was skipped: a skipped test is not a passed test. The one
 * standing exception is a test that needs a real Electron binary and says so in its skip note.
 */
export const ELECTRON_NOT_RUN = 'not run: no Electron binary';

export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const unexcusedSkips: string[] = [];
    for (const mod of testModules) {
      // A file that fails to load or whose hooks throw has no failed test of its own: count it.
      const failedTests = [...mod.children.allTests('failed')].length;
      if (mod.state() === 'failed' && failedTests === 0) failed++;
      for (const test of mod.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') failed++;
        else if (result.state === 'skipped') {
          skipped++;
          const note = result.note ?? '';
          if (!note.startsWith(ELECTRON_NOT_RUN)) unexcusedSkips.push(`${test.fullName} (${note || 'no reason given'})`);
          else console.log(`\n[${ELECTRON_NOT_RUN}] ${test.fullName}: ${note}`);
        }
      }
    }
    failed += unhandledErrors.length;
    if (process.env.CI === 'true' && unexcusedSkips.length > 0) {
      console.log(`\nCI=true: ${unexcusedSkips.length} test(s) skipped, which counts as failure:`);
      for (const s of unexcusedSkips) console.log(`  - ${s}`);
      failed += unexcusedSkips.length;
      process.exitCode = 1;
    }
    console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
