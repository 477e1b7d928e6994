import { describe, expect, it } from 'vitest';
import type { DesktopCommand } from '../../../shared/desktopLink.js';
import { SeatConfig } from '../../../shared/seatConfig.js';
import { acceleratorProblem, DEFAULT_PHONE_KEYS, registerPhoneKeys } from './phoneKeys.js';

/** globalShortcut as the OS answers it: keys another program holds are refused. */
function fakeRegistrar(takenByOthers: string[] = []) {
  const callbacks = new Map<string, () => void>();
  return {
    callbacks,
    register(accelerator: string, callback: () => void) {
      if (takenByOthers.includes(accelerator) || callbacks.has(accelerator)) return false;
      callbacks.set(accelerator, callback);
      return true;
    },
  };
}

describe('global phone keys', () => {
  it('registers the default keys; each runs its action', () => {
    const registrar = fakeRegistrar();
    const run: DesktopCommand[] = [];
    const result = registerPhoneKeys(DEFAULT_PHONE_KEYS, registrar, (c) => run.push(c));
    expect(result).toEqual({ registered: ['CommandOrControl+F9', 'CommandOrControl+F10', 'MediaPlayPause'], problems: [] });
    registrar.callbacks.get('CommandOrControl+F9')!();
    registrar.callbacks.get('MediaPlayPause')!();
    registrar.callbacks.get('CommandOrControl+F10')!();
    expect(run).toEqual([{ kind: 'answer' }, { kind: 'answerOrHangUp' }, { kind: 'hangUp' }]);
  });

  it('reports a key another program holds, and keys that are no shortcut, instead of failing silently', () => {
    const registrar = fakeRegistrar(['Ctrl+Alt+A']);
    const result = registerPhoneKeys({ 'Ctrl+Alt+A': 'answer', 'Ctrl+Shift+H': 'hangUp', 'Ctrl+Hyper+X': 'answer', F8: 'answerOrHangUp', F13: 'answerOrHangUp' }, registrar, () => {});
    expect(result.registered).toEqual(['Ctrl+Shift+H', 'F13']);
    expect(result.problems).toEqual([
      { accelerator: 'Ctrl+Alt+A', action: 'answer', reason: 'taken' },
      { accelerator: 'Ctrl+Hyper+X', action: 'answer', reason: 'invalid' },
      { accelerator: 'F8', action: 'answerOrHangUp', reason: 'needs-modifier' },
    ]);
  });

  it('a registrar that throws (Electron refusing an accelerator) is a problem, not a crash', () => {
    const result = registerPhoneKeys({ 'Alt+F9': 'answer' }, { register: () => { throw new Error('conversion failure'); } }, () => {});
    expect(result.problems).toEqual([{ accelerator: 'Alt+F9', action: 'answer', reason: 'taken' }]);
  });

  it('accelerator grammar', () => {
    for (const ok of ['CommandOrControl+F9', 'Ctrl+Shift+A', 'Alt+1', 'MediaPlayPause', 'VolumeMute', 'F24', 'Super+Space', 'CmdOrCtrl+num5']) expect(acceleratorProblem(ok), ok).toBeNull();
    for (const bad of ['', 'Ctrl+', 'Ctrl+Ctrl+A', 'Ctrl+Shift', 'Ctrl+F25', 'Ctrl+AB', 'Hyper+A']) expect(acceleratorProblem(bad), bad).toBe('invalid');
    for (const alone of ['A', 'F9', 'Space', 'Enter']) expect(acceleratorProblem(alone), alone).toBe('needs-modifier');
  });

  it('the seat file may set the keys (accelerator → action) and refuses an unknown action', () => {
    const base = { backendUrl: 'https://hq.example', seatCode: '07', dataDir: '/tmp/x', syncIntervalMs: 5000 };
    expect(SeatConfig.parse({ ...base, phoneKeys: { 'Ctrl+Shift+F9': 'answer' } }).phoneKeys).toEqual({ 'Ctrl+Shift+F9': 'answer' });
    expect(SeatConfig.safeParse({ ...base, phoneKeys: { 'Ctrl+Shift+F9': 'transfer' } }).success).toBe(false);
  });
});
