import { describe, expect, it } from 'vitest';
import { loginItemSettings } from './autostart.js';

describe('autostart from the seat file', () => {
  it('installed: as IT set it; no setting or a checkout: left alone', () => {
    expect(loginItemSettings({ autostart: true }, true)).toEqual({ openAtLogin: true });
    expect(loginItemSettings({ autostart: false }, true)).toEqual({ openAtLogin: false });
    expect(loginItemSettings({}, true)).toBeNull();
    expect(loginItemSettings({ autostart: true }, false)).toBeNull();
  });
});
