import type { AppMessages } from '../i18n/locales/zh-CN.js';

/** The parts of a keydown event the registry reads (a DOM KeyboardEvent has them all). */
export interface KeyPress {
  key: string;
  /** The physical key: Alt+letter shortcuts go by it, as Alt+letter may type another character on some layouts. */
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  isComposing: boolean;
  defaultPrevented: boolean;
  target: EventTarget | null;
  preventDefault(): void;
}

/** Where the key was pressed: which box, panel or form. */
export type KeyTarget = EventTarget | null;

/** Where a shortcut belongs: the overlay lists them in these groups, in this order. */
export const SHORTCUT_SCOPES = ['help', 'panels', 'workspace', 'softphone'] as const;
type ShortcutScope = (typeof SHORTCUT_SCOPES)[number];

/**
 * Which key combination a shortcut answers to. `code` (physical key) or `key` (the character);
 * modifiers not named must be up, except Shift for `key` chords (`?`, `*`, `#` need it on many layouts).
 */
interface KeyChord {
  key?: string | readonly string[];
  code?: string;
  alt?: boolean;
  /** Ctrl, or ⌘ on a Mac. */
  ctrl?: boolean;
  /** Whatever the modifiers (Esc: Shift+Esc closes a panel too). */
  anyModifiers?: boolean;
}

export interface Shortcut {
  /** Unique; also the overlay row's data-shortcut. */
  id: string;
  scope: ShortcutScope;
  /** The keys as the overlay shows them (the same in both languages). */
  label: string;
  description: ShortcutDescription;
  chord: KeyChord;
  /** Text boxes (inputs, selects, text areas) keep their own typing: a plain key works outside them only. */
  outsideTextBoxes?: boolean;
  /**
   * Runs even when a box on screen already handled the key (a modal panel's Esc: the panel closes
   * whatever the focus is on). Otherwise a key a form or list used is left alone.
   */
  evenIfHandled?: boolean;
  /** Only when this holds (e.g. a panel open, a call established); unset: always. */
  when?(press: KeyPress): boolean;
  run(press: KeyPress): void;
}

/** What a key does: a message under `shortcuts.keys` (in both languages). */
export type ShortcutDescription = keyof AppMessages['shortcuts']['keys'];

/** Inputs, text areas, selects and editable elements: where plain keys are typing, not commands. */
function isTextBox(target: KeyTarget): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

function chordMatches(chord: KeyChord, press: KeyPress): boolean {
  const keys: readonly string[] = chord.key === undefined ? [] : typeof chord.key === 'string' ? [chord.key] : chord.key;
  if (chord.anyModifiers) return keys.includes(press.key);
  const ctrl = press.ctrlKey || press.metaKey;
  if (Boolean(chord.alt) !== press.altKey || Boolean(chord.ctrl) !== ctrl) return false;
  if (chord.code !== undefined) return !press.shiftKey && press.code === chord.code;
  // Ctrl+letter: no Shift, and either case (Caps Lock on).
  if (chord.ctrl) return !press.shiftKey && keys.includes(press.key.toLowerCase());
  return keys.includes(press.key);
}

/**
 * The one set of keyboard shortcuts of the workspace, in priority order (first match wins). A key
 * press runs at most one shortcut, and only that one's default action is prevented.
 */
export class ShortcutRegistry {
  constructor(
    readonly shortcuts: readonly Shortcut[],
    private readonly textBox: (target: KeyTarget) => boolean = isTextBox,
  ) {
    const ids = new Set<string>();
    for (const s of shortcuts) {
      if (ids.has(s.id)) throw new Error(`shortcut ${s.id} is declared twice`);
      ids.add(s.id);
    }
  }

  /** The shortcut this key press runs now, if any. */
  find(press: KeyPress): Shortcut | undefined {
    if (press.isComposing) return undefined; // the key belongs to the input method
    return this.shortcuts.find(
      (s) =>
        (s.evenIfHandled || !press.defaultPrevented) &&
        chordMatches(s.chord, press) &&
        !(s.outsideTextBoxes && this.textBox(press.target)) &&
        (s.when?.(press) ?? true),
    );
  }

  /** Runs the matching shortcut; true when one ran. */
  handle(press: KeyPress): boolean {
    const shortcut = this.find(press);
    if (!shortcut) return false;
    press.preventDefault();
    shortcut.run(press);
    return true;
  }
}
