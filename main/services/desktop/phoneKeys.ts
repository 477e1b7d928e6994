import type { DesktopCommand } from '../../../shared/desktopLink.js';
import type { PhoneKeyAction } from '../../../shared/seatConfig.js';

/**
 * Answer and hang up from anywhere (the agent is typing in another program when a call rings),
 * and a headset's call button, which most USB headsets send as the Play/Pause media key. The
 * map is the seat file's `phoneKeys` (accelerator → action), or this default. Ctrl+Alt+A is
 * avoided: on Chinese desks it is QQ's and WeChat's screenshot key.
 */
export const DEFAULT_PHONE_KEYS: Readonly<Record<string, PhoneKeyAction>> = {
  'CommandOrControl+F9': 'answer',
  'CommandOrControl+F10': 'hangUp',
  MediaPlayPause: 'answerOrHangUp',
};

const MODIFIERS = new Set(['command', 'cmd', 'control', 'ctrl', 'commandorcontrol', 'cmdorctrl', 'alt', 'option', 'altgr', 'shift', 'super', 'meta']);
const MEDIA_KEYS = new Set(['mediaplaypause', 'medianexttrack', 'mediaprevioustrack', 'mediastop', 'volumeup', 'volumedown', 'volumemute']);
const NAMED_KEYS = new Set([
  'plus', 'space', 'tab', 'capslock', 'numlock', 'scrolllock', 'backspace', 'delete', 'insert', 'return', 'enter', 'up', 'down', 'left', 'right',
  'home', 'end', 'pageup', 'pagedown', 'escape', 'esc', 'printscreen', 'numdec', 'numadd', 'numsub', 'nummult', 'numdiv',
]);

type AcceleratorProblem = 'invalid' | 'needs-modifier';

/**
 * Checks an accelerator against Electron's grammar (modifiers + one key). A global key without
 * a modifier would be taken from every program on the PC, so only media keys and F13–F24 (which
 * keyboards rarely have and headsets and foot pedals send) may stand alone.
 */
export function acceleratorProblem(accelerator: string): AcceleratorProblem | null {
  const parts = accelerator.split('+').map((p) => p.trim().toLowerCase());
  if (parts.some((p) => p === '')) return 'invalid';
  const key = parts.at(-1)!;
  const modifiers = parts.slice(0, -1);
  if (modifiers.some((m) => !MODIFIERS.has(m)) || new Set(modifiers).size !== modifiers.length) return 'invalid';
  const fKey = /^f([1-9]|1[0-9]|2[0-4])$/.exec(key);
  const isKey = /^[a-z0-9]$/.test(key) || /^num[0-9]$/.test(key) || fKey !== null || NAMED_KEYS.has(key) || MEDIA_KEYS.has(key) || /^[)!@#$%^&*(:;"'<,>.?/~`{}|\\[\]=_-]$/.test(key);
  if (!isKey || MODIFIERS.has(key)) return 'invalid';
  const standsAlone = MEDIA_KEYS.has(key) || (fKey !== null && Number(fKey[1]) >= 13);
  if (modifiers.length === 0 && !standsAlone) return 'needs-modifier';
  return null;
}

/** A key that could not be had: the agent and IT are told which, instead of a key that silently does nothing. */
export interface PhoneKeyProblem {
  accelerator: string;
  action: PhoneKeyAction;
  reason: AcceleratorProblem | 'taken';
}

/** Electron's globalShortcut as far as this needs it (a fake in tests). */
export interface ShortcutRegistrar {
  /** False when the OS or another program holds the key. */
  register(accelerator: string, callback: () => void): boolean;
}

/** Registers each key for its action; returns the keys registered and the ones that failed, with why. */
export function registerPhoneKeys(
  keys: Readonly<Record<string, PhoneKeyAction>>,
  registrar: ShortcutRegistrar,
  run: (command: DesktopCommand) => void,
): { registered: string[]; problems: PhoneKeyProblem[] } {
  const registered: string[] = [];
  const problems: PhoneKeyProblem[] = [];
  for (const [accelerator, action] of Object.entries(keys)) {
    const problem = acceleratorProblem(accelerator);
    if (problem) {
      problems.push({ accelerator, action, reason: problem });
      continue;
    }
    let ok: boolean;
    try {
      ok = registrar.register(accelerator, () => run({ kind: action }));
    } catch {
      ok = false; // Electron throws for an accelerator its own parser refuses
    }
    if (ok) registered.push(accelerator);
    else problems.push({ accelerator, action, reason: 'taken' });
  }
  return { registered, problems };
}
