/** electron-builder's Windows signing hook (signWindows.mjs, plain JavaScript because electron-builder loads it as is). */
export function signtoolArguments(file: string, env?: Record<string, string | undefined>): string[] | null;
export function sign(
  configuration: { path: string },
  env?: Record<string, string | undefined>,
  run?: (command: string, args: string[], options: { stdio: 'inherit' }) => unknown,
): Promise<'signed' | 'unsigned'>;
