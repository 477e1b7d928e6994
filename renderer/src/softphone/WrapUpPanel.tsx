import { useEffect, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { WRAP_UP_DISPOSITIONS, type Disposition } from '../../../shared/domain/interaction.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { formatDuration, shownNumber } from './callDisplay.js';

export function WrapUpPanel() {
  const { t } = useTranslation();
  const stores = useStores();
  const wrapUp = useAppStore('softphone', (s) => s.wrapUp);
  const selectRef = useRef<HTMLSelectElement>(null);
  const callId = wrapUp?.call.id;
  useEffect(() => {
    // The call is over: the wrap-up takes the focus (keyboard: choose, Tab to notes, Ctrl+Enter).
    selectRef.current?.focus();
  }, [callId]);
  if (!wrapUp) return null;
  const { call, endedAt } = wrapUp;
  const phone = () => stores.softphone.getState();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void phone().submitWrapUp();
  };
  const talk = call.answeredAt === null ? 0 : endedAt - call.answeredAt;
  return (
    <form
      className="wrap-up-panel"
      data-testid="wrap-up-panel"
      onSubmit={onSubmit}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) onSubmit(e);
      }}
    >
      <header className="form-head">
        <h3>{t('wrapUp.title')}</h3>
        <span className="muted">
          {t('wrapUp.summary', { number: shownNumber(call, t), talk: formatDuration(talk) })}
        </span>
      </header>
      <label className="field">
        <span className="field-label">{t('wrapUp.disposition')}</span>
        <select ref={selectRef} data-testid="wrap-up-disposition" value={wrapUp.disposition} onChange={(e) => phone().setDisposition(e.target.value as Disposition | '')}>
          <option value="">{t('wrapUp.choose')}</option>
          {WRAP_UP_DISPOSITIONS.map((d) => (
            <option key={d} value={d}>
              {t(`disposition.${d}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field wrap-up-notes">
        <span className="field-label">{t('wrapUp.notes')}</span>
        <textarea data-testid="wrap-up-notes" rows={2} maxLength={4000} value={wrapUp.notes} onChange={(e) => phone().setNotes(e.target.value)} />
      </label>
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="wrap-up-submit" disabled={wrapUp.pending} title={t('wrapUp.submitTitle')}>
          {wrapUp.pending ? t('wrapUp.saving') : t('wrapUp.submit')}
        </button>
      </div>
      {wrapUp.error ? <ErrorText error={wrapUp.error} testId="wrap-up-error" /> : null}
    </form>
  );
}
