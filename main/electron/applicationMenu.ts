import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu: editing keys (copy and paste in forms) and quit, nothing more. The
 * default menu's reload (Ctrl+R drops a live call), DevTools (Ctrl+Shift+I reads the session) and
 * close (Ctrl+W) are kept only when running from a checkout. Its items have no Alt mnemonics, so
 * the app's own Alt keys stay the app's.
 */
export function applicationMenuTemplate(options: { isPackaged: boolean }): MenuItemConstructorOptions[] {
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const app: MenuItemConstructorOptions = { label: 'Agent Workstation', submenu: [{ role: 'quit' }] };
  if (options.isPackaged) return [app, edit];
  return [app, edit, { label: 'Developer', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }] }];
}
