import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate } from './applicationMenu.js';

type Item = { role?: string; label?: string; submenu?: unknown };

function roles(items: readonly Item[]): string[] {
  return items.flatMap((item) => [...(item.role ? [item.role] : []), ...(Array.isArray(item.submenu) ? roles(item.submenu as Item[]) : [])]);
}

describe('application menu', () => {
  it('has no reload, DevTools or close in an installed app', () => {
    const installed = roles(applicationMenuTemplate({ isPackaged: true }));
    expect(installed).toEqual(expect.arrayContaining(['copy', 'paste', 'quit']));
    for (const role of ['reload', 'forceReload', 'toggleDevTools', 'close', 'viewMenu', 'windowMenu']) expect(installed).not.toContain(role);
  });

  it('keeps reload and DevTools for development from a checkout', () => {
    expect(roles(applicationMenuTemplate({ isPackaged: false }))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('has no Alt mnemonics that would take the app’s Alt keys', () => {
    const labels = applicationMenuTemplate({ isPackaged: true }).map((item) => item.label ?? '');
    for (const label of labels) expect(label).not.toContain('&');
  });
});
