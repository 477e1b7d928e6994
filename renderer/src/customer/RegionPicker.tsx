import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegionIndex, RegionLevel } from '../../../shared/domain/region.js';

/** How many matches the list shows: enough to pick from by keyboard, few enough to read. */
const SHOWN = 10;

/** Keys inside an IME composition (pinyin…) belong to the IME: Enter picks characters, Esc drops them. */
function isComposing(event: KeyboardEvent): boolean {
  return event.nativeEvent.isComposing || event.keyCode === 229;
}

export interface RegionPickerProps {
  id: string;
  testId: string;
  level: RegionLevel;
  /** The province of a city, the city of a district; null for a province. */
  parentCode: string | null;
  /** The code picked ('' none). */
  value: string;
  index: RegionIndex | null;
  onPick: (code: string) => void;
  invalid?: boolean;
  describedBy?: string;
  autoFocus?: boolean;
}

/**
 * A region from the division code table, by typing: the start of the Chinese name (海淀), the short
 * name or the code; ↑↓ move through the matches, Enter picks, Esc closes the list (a second Esc is
 * the form's). Leaving the box with one exact match picks it; with other text it goes back to the
 * region picked.
 */
export function RegionPicker({ id, testId, level, parentCode, value, index, onPick, invalid, describedBy, autoFocus }: RegionPickerProps) {
  const { t } = useTranslation();
  const listId = `${id}-list${useId().replace(/[^\w-]/g, '')}`;
  const pickedName = index?.get(value || null)?.name ?? '';
  const [text, setText] = useState(pickedName);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  // Enter typed before the table arrived: it picks from what is in the box once the table is here.
  const [enterWaiting, setEnterWaiting] = useState(false);
  const waitsForParent = level !== 'province' && !parentCode;

  // A pick from elsewhere (a new province clears the city) shows in the box, in the same render.
  const [shownPick, setShownPick] = useState(pickedName);
  if (shownPick !== pickedName) {
    setShownPick(pickedName);
    setText(pickedName);
  }

  const matches = useMemo(() => {
    if (!index || waitsForParent) return [];
    return index.match(text === pickedName ? '' : text, level, parentCode, SHOWN);
  }, [index, text, pickedName, level, parentCode, waitsForParent]);

  const pick = (code: string) => {
    setOpen(false);
    setEnterWaiting(false);
    setText(index?.get(code)?.name ?? '');
    if (code !== value) onPick(code);
  };

  // The table comes from the seat (outside React): an Enter that waited for it is answered once here.
  useEffect(() => {
    if (!enterWaiting || !index) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- answers the Enter the agent already typed
    setEnterWaiting(false);
    const first = matches[0];
    if (!first) return;
    setOpen(false);
    setText(first.name);
    if (first.code !== value) onPick(first.code);
  }, [index, enterWaiting, matches, value, onPick]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (isComposing(event)) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((current) => (matches.length === 0 ? 0 : (current + step + matches.length) % matches.length));
    } else if (event.key === 'Enter' && open && !index && !waitsForParent) {
      event.preventDefault();
      setEnterWaiting(true);
    } else if (event.key === 'Enter' && open && matches.length > 0) {
      // Enter picks from the list instead of saving the form.
      event.preventDefault();
      pick(matches[Math.min(active, matches.length - 1)]!.code);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
      setText(pickedName);
    }
  };

  const onBlur = () => {
    setOpen(false);
    const typed = text.trim();
    if (typed === pickedName) return;
    if (typed === '') {
      if (value) onPick('');
      return;
    }
    const exact = index?.match(typed, level, parentCode, 2).filter((r) => r.name === typed || r.code === typed) ?? [];
    if (exact.length === 1) pick(exact[0]!.code);
    else setText(pickedName);
  };

  const activeId = open && matches.length > 0 ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined;
  return (
    <div className="region-picker">
      <input
        id={id}
        data-testid={testId}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={activeId}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        autoComplete="off"
        spellCheck={false}
        autoFocus={autoFocus}
        maxLength={30}
        disabled={waitsForParent}
        placeholder={waitsForParent ? t('customerForm.regionPickParentFirst') : t('customerForm.regionPlaceholder')}
        value={text}
        onChange={(e) => {
          setEnterWaiting(false);
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      />
      {open ? (
        <ul className="region-options" id={listId} role="listbox" data-testid={`${testId}-options`}>
          {!index ? (
            <li className="region-option muted" role="option" aria-disabled="true" aria-selected={false} data-testid={`${testId}-loading`}>
              {t('customerForm.regionLoading')}
            </li>
          ) : matches.length === 0 ? (
            <li className="region-option muted" role="option" aria-disabled="true" aria-selected={false}>
              {t('customerForm.regionNoMatch')}
            </li>
          ) : (
            matches.map((region, i) => (
              <li
                key={region.code}
                id={`${listId}-${i}`}
                className={`region-option${i === Math.min(active, matches.length - 1) ? ' active' : ''}`}
                role="option"
                aria-selected={i === Math.min(active, matches.length - 1)}
                data-code={region.code}
                // Before the input's blur: the click picks instead of closing the list.
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(region.code);
                }}
              >
                {region.name}
                <span className="region-code">{region.code}</span>
              </li>
            ))
          )}
        </ul>
      ) : null}
    </div>
  );
}
