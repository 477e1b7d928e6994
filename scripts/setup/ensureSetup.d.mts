import type { spawnSync } from 'node:child_process';

/** The Debian packages the test suite needs (scripts/setup/debianPackages.json). */
export declare const TEST_DEBIAN_PACKAGES: string[];
export declare function missingNpmPackages(root: string): string[];
export declare function electronDownloadReachable(env?: NodeJS.ProcessEnv, timeoutMs?: number): Promise<boolean>;
export declare function missingDebianPackages(wanted: string[], run?: typeof spawnSync): string[];
export declare function ensureSetup(options: {
  purpose: 'start' | 'test';
  root: string;
  env?: NodeJS.ProcessEnv;
  run?: typeof spawnSync;
  isRoot?: boolean;
  log?: (line: string) => void;
}): Promise<number>;
