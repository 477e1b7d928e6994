import './search.css';
import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { normalisePhone } from '../../../shared/phone.js';
import type { CustomerSummary } from '../../../shared/workstationApi.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { formatPhone } from '../i18n/format.js';
import { SEARCH_MAX_LENGTH } from './searchStore.js';
import { VipBadge } from '../customer/VipBadge.js';

const RESULT_ID_PREFIX = 'search-result-';

/**
 * The number to offer a new customer for: a search by a full phone number that found nobody.
 * The number as typed (the form normalises it); null when the search was anything else.
 */
function unknownNumber(state: { phase: string; results: readonly unknown[]; resultsFor: string | null }): string | null {
  if (state.phase !== 'done' || state.results.length > 0 || !state.resultsFor) return null;
  return normalisePhone(state.resultsFor) ? state.resultsFor : null;
}

/** The left pane: the search box and the list of customers it found. */
export function SearchPane({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const { search, card, newCustomer } = useStores();
  const query = useAppStore('search', (s) => s.query);
  const phase = useAppStore('search', (s) => s.phase);
  const results = useAppStore('search', (s) => s.results);
  const resultsFor = useAppStore('search', (s) => s.resultsFor);
  const error = useAppStore('search', (s) => s.error);
  const active = useAppStore('search', (s) => s.active);
  const openId = useAppStore('card', (s) => s.customerId);
  /** True between compositionstart and compositionend: an IME (pinyin…) is still composing. */
  const composing = useRef(false);

  const open = (row: CustomerSummary) => void card.getState().open(row.id);
  const offerNumber = unknownNumber({ phase, results, resultsFor });
  const createWithNumber = (phone: string) => newCustomer.getState().start({ phone });

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (composing.current || event.nativeEvent.isComposing) return; // Enter/arrows belong to the IME
    const state = search.getState();
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        state.move(1);
        break;
      case 'ArrowUp':
        event.preventDefault();
        state.move(-1);
        break;
      case 'Enter': {
        event.preventDefault();
        // Enter again after a number found nobody: register the caller with that number.
        const number = unknownNumber(state);
        if (number && number === state.query.trim()) {
          createWithNumber(number);
          break;
        }
        void state.submit().then((row) => row && open(row));
        break;
      }
      case 'Escape':
        event.preventDefault();
        event.currentTarget.select();
        break;
    }
  };

  const listIsCurrent = phase === 'done' && resultsFor === query.trim();
  const activeRow = listIsCurrent && active >= 0 ? results[active] : undefined;
  const showEmpty = phase === 'done' && results.length === 0 && resultsFor !== null;

  return (
    <section className="search-pane" aria-label={t('search.label')}>
      <div className="search-box">
        <input
          ref={inputRef}
          type="search"
          className="search-input"
          data-testid="search-input"
          aria-label={t('search.label')}
          placeholder={t('search.placeholder')}
          title={t('search.shortcut')}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          maxLength={SEARCH_MAX_LENGTH}
          role="combobox"
          aria-expanded={results.length > 0}
          aria-controls="search-results"
          aria-activedescendant={activeRow ? RESULT_ID_PREFIX + activeRow.id : undefined}
          value={query}
          onChange={(e) => search.getState().setQuery(e.target.value, { debounce: !composing.current })}
          onCompositionStart={() => {
            composing.current = true;
          }}
          onCompositionEnd={(e) => {
            composing.current = false;
            search.getState().setQuery(e.currentTarget.value);
          }}
          onKeyDown={onKeyDown}
        />
        <button
          type="button"
          className="button new-customer-button"
          data-testid="new-customer-button"
          title={t('newCustomer.buttonTitle')}
          onClick={() => newCustomer.getState().start()}
        >
          {t('newCustomer.button')}
        </button>
      </div>
      <div className="search-meta" aria-live="polite">
        {phase === 'loading' ? (
          <span className="muted">{t('search.searching')}</span>
        ) : phase === 'done' && results.length > 0 ? (
          <span className="muted">{t('search.count', { count: results.length })}</span>
        ) : null}
      </div>
      {error ? <ErrorText error={error} testId="search-error" className="search-error" /> : null}
      {showEmpty ? (
        <p className="search-empty" data-testid="search-empty">
          {t('search.empty', { query: resultsFor })}
        </p>
      ) : null}
      {offerNumber ? (
        <div className="create-offer">
          <button
            type="button"
            className="button button-primary"
            data-testid="create-from-number"
            data-phone={offerNumber}
            onClick={() => createWithNumber(offerNumber)}
          >
            {t('search.createFromNumber', { phone: offerNumber })}
          </button>
          <span className="muted">{t('search.createFromNumberHint')}</span>
        </div>
      ) : null}
      {phase === 'idle' && results.length === 0 && !error ? <p className="search-hint muted">{t('search.hint')}</p> : null}
      {results.length > 0 ? (
        <ResultList
          results={results}
          active={active}
          stale={!listIsCurrent}
          openId={openId}
          onOpen={open}
          onHover={(i) => search.getState().setActive(i)}
        />
      ) : null}
    </section>
  );
}

function ResultList(props: {
  results: CustomerSummary[];
  active: number;
  /** The list answers an older text than the box's: shown dimmed, no row highlighted. */
  stale: boolean;
  openId: string | null;
  onOpen: (row: CustomerSummary) => void;
  onHover: (index: number) => void;
}) {
  const { t } = useTranslation();
  const { results, active, stale, openId, onOpen, onHover } = props;
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const row = listRef.current?.children[active];
    row?.scrollIntoView({ block: 'nearest' });
  }, [active, results]);

  return (
     <ul
      ref={listRef}
      id="search-results"
      className={`result-list${stale ? ' is-stale' : ''}`}
      aria-busy={stale}
      role="listbox" aria-label={t('search.resultsLabel')} data-testid="search-results">
      {results.map((row, index) => (
        <li
          key={row.id}
          id={RESULT_ID_PREFIX + row.id}
          role="option"
          aria-selected={!stale && index === active}
          className={`result${!stale && index === active ? ' is-active' : ''}${row.id === openId ? ' is-open' : ''}`}
          data-testid="search-result"
          data-customer-id={row.id}
          onMouseDown={(e) => e.preventDefault() /* keep focus in the search box */}
          onMouseMove={() => index !== active && onHover(index)}
          onClick={() => onOpen(row)}
        >
          <div className="result-line">
            <span className="result-name">{row.name}</span>
            <VipBadge tier={row.vipTier} />
            <span className="result-phone">{formatPhone(row.phone)}</span>
          </div>
          <div className="result-line result-sub">
            <span className="result-address">
              {row.city} {row.address}
            </span>
            <span className="result-match">{t('search.matchedOn', { field: t(`matchedOn.${row.matchedOn}`) })}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
