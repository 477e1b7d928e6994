import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Every form's Esc and Cancel: a form with nothing typed closes at once; one with unsaved text
 * asks first (Enter or Y discards, N or Esc goes back to editing), so a slip of the finger does
 * not throw away what the agent typed during a call.
 */
export interface DiscardGuard {
  /** Esc, Cancel: discards at once when nothing is unsaved, otherwise asks. */
  requestDiscard(): void;
  /** The form's keydown: Esc asks; while asking, Enter/Y discard and N/Esc keep editing. */
  onKeyDown(event: KeyboardEvent<HTMLElement>): void;
  /** The question, when asked (render it inside the form, where the keys arrive). */
  prompt: ReactNode;
  asking: boolean;
}

/** True while an IME (pinyin…) composes: its Enter and Esc are the IME's. */
function composing(event: KeyboardEvent<HTMLElement>): boolean {
  return event.nativeEvent.isComposing;
}

export function useDiscardGuard(unsaved: boolean, discard: () => void): DiscardGuard {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);

  // The question takes the focus (on "keep editing", the safe answer); answered, it gives it back.
  const returnTo = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (asking) keepRef.current?.focus();
  }, [asking]);

  const keepEditing = () => {
    setAsking(false);
    returnTo.current?.focus();
  };
  const confirmDiscard = () => {
    setAsking(false);
    discard();
  };
  const requestDiscard = () => {
    if (!unsaved) {
      discard();
      return;
    }
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setAsking(true);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (composing(event)) return;
    if (asking) {
      const key = event.key.toLowerCase();
      if (key === 'enter' || key === 'y') confirmDiscard();
      else if (key === 'n' || key === 'escape') keepEditing();
      else return;
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (event.key !== 'Escape') return;
    // Asking keeps the Esc here (the workspace must not move the focus away meanwhile).
    if (unsaved) event.preventDefault();
    requestDiscard();
  };

  const prompt = asking ? (
    <div className="discard-prompt" role="alertdialog" aria-labelledby="discard-prompt-question" data-testid="discard-prompt">
      <span id="discard-prompt-question">{t('unsavedChanges.question')}</span>
      <button type="button" className="button button-small button-danger" data-testid="discard-confirm" onClick={confirmDiscard}>
        {t('unsavedChanges.discard')}
      </button>
      <button ref={keepRef} type="button" className="button button-small" data-testid="discard-keep-editing" onClick={keepEditing}>
        {t('unsavedChanges.keepEditing')}
      </button>
    </div>
  ) : null;

  return { requestDiscard, onKeyDown, prompt, asking };
}
