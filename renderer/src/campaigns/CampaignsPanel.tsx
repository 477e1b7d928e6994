import '../forms/forms.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CampaignOutcome } from '../../../shared/domain/campaign.js';
import { ErrorText } from '../app/ErrorText.js';
import { listboxKeys } from '../app/listboxKeys.js';
import { useAppStore, useStores } from '../app/stores.js';
import { StorePanelDialog } from '../app/StorePanelDialog.js';
import { formatDateTime, formatPhone } from '../i18n/format.js';
import { ROLE_DUTIES } from '../../../shared/domain/roles.js';
import { CampaignLists } from './CampaignLists.js';
import { ClickToDial } from '../softphone/ClickToDial.js';

/**
 * Outbound campaigns (Alt+W): the list with progress (↑↓, Enter starts preview dialing), then one
 * target at a time: its card opens behind, the agent dials or skips, records the outcome
 * (Ctrl+Enter). Esc closes; the campaign being worked stays for when the panel opens again.
 */
export function CampaignsPanel() {
  const { t } = useTranslation();
  const { campaigns: store } = useStores();
  const phase = useAppStore('campaigns', (s) => s.phase);
  const campaigns = useAppStore('campaigns', (s) => s.campaigns);
  const selected = useAppStore('campaigns', (s) => s.selected);
  const error = useAppStore('campaigns', (s) => s.error);
  const campaignId = useAppStore('campaigns', (s) => s.campaignId);
  const listRef = useRef<HTMLUListElement>(null);
  const managing = useAppStore('campaignLists', (s) => s.open);
  const managesLists = useAppStore('session', (s) => ROLE_DUTIES[s.session?.agent.role ?? 'agent'].managesCampaigns !== 'none');
  const lists = useStores().campaignLists;

  // React's autoFocus only focuses form controls: the list takes the keys (↑↓ Enter) once shown.
  const listShown = campaignId === null && !managing;
  useEffect(() => {
    if (listShown) listRef.current?.focus();
  }, [listShown]);

  const onListKey = listboxKeys(
    (delta) => store.getState().move(delta),
    () => void store.getState().start(),
  );

  return (
    <StorePanelDialog name="campaigns">
      {campaignId ? (
        <PreviewDialing />
      ) : managing ? (
        <CampaignLists />
      ) : (
        <>
          <p className="muted">{t('campaigns.hint')}</p>
          {managesLists ? (
            <button type="button" className="button button-small" data-testid="campaign-lists-open" title={t('campaignLists.openTitle')} onClick={() => void lists.getState().show()}>
              {t('campaignLists.open')}
            </button>
          ) : null}
          {error ? <ErrorText error={error} testId="campaigns-error" /> : null}
          {phase === 'loaded' && campaigns.length === 0 ? (
            <p className="muted" data-testid="campaigns-none">
              {t('campaigns.none')}
            </p>
          ) : null}
          <ul ref={listRef} className="overdue-list" role="listbox" aria-label={t('campaigns.heading')} tabIndex={0} onKeyDown={onListKey} data-testid="campaigns-list">
            {campaigns.map((c, i) => {
              const total = c.progress.pending + c.progress.done + c.progress.no_answer + c.progress.refused + c.progress.call_back;
              const called = total - c.progress.pending;
              return (
                <li key={c.id} role="option" aria-selected={i === selected}>
                  <button
                    type="button"
                    className={`overdue-entry${i === selected ? ' selected' : ''}`}
                    data-testid="campaign-entry"
                    data-campaign-id={c.id}
                    tabIndex={-1}
                    onClick={() => void store.getState().start(c.id)}
                  >
                    <strong>{c.name}</strong>
                    <span className="badge">{t(`campaigns.kind.${c.kind}`)}</span>
                    <progress max={Math.max(total, 1)} value={called} aria-label={t('campaigns.progressLabel')} />
                    <span className="nowrap" data-testid="campaign-progress">
                      {t('campaigns.progress', { called, total, done: c.progress.done, noAnswer: c.progress.no_answer, refused: c.progress.refused })}
                    </span>
                    <span className="muted nowrap">
                      {c.startsOn} – {c.endsOn}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </StorePanelDialog>
  );
}

function PreviewDialing() {
  const { t } = useTranslation();
  const { campaigns: store } = useStores();
  const call = useAppStore('campaigns', (s) => s.call);
  const pending = useAppStore('campaigns', (s) => s.pending);
  const skippedAny = useAppStore('campaigns', (s) => s.skippedAny);
  const outcome = useAppStore('campaigns', (s) => s.outcome);
  const notes = useAppStore('campaigns', (s) => s.notes);
  const callBackAt = useAppStore('campaigns', (s) => s.callBackAt);
  const callError = useAppStore('campaigns', (s) => s.callError);

  const back = (
    <button type="button" className="button button-small" data-testid="campaign-back" onClick={() => void store.getState().backToList()}>
      {t('campaigns.back')}
    </button>
  );
  if (!call) {
    return (
      <div data-testid="campaign-preview-empty">
        {callError ? <ErrorText error={callError} testId="campaign-call-error" /> : null}
        {pending ? <p className="muted">{t('campaigns.loading')}</p> : <p data-testid="campaign-none-left">{t(skippedAny ? 'campaigns.passDone' : 'campaigns.noneLeft')}</p>}
        {skippedAny ? (
          <button type="button" className="button button-small" data-testid="campaign-start-over" autoFocus onClick={() => void store.getState().startOver()}>
            {t('campaigns.startOver')}
          </button>
        ) : null}
        {back}
      </div>
    );
  }
  const { campaign, target, customer } = call;
  return (
    <form
      data-testid="campaign-preview"
      data-target-id={target.id}
      onSubmit={(e) => {
        e.preventDefault();
        void store.getState().record();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void store.getState().record();
        }
      }}
    >
      <h3>{campaign.name}</h3>
      <p>
        <strong data-testid="campaign-target-name">{customer?.name ?? t('campaigns.unknownCustomer')}</strong>{' '}
        <span className="mono" data-testid="campaign-target-phone">
          {formatPhone(target.phone)}
        </span>{' '}
        <ClickToDial phone={target.phone} customerId={target.customerId} />
        {target.status === 'no_answer' ? <span className="badge">{t('campaigns.outcome.no_answer')}</span> : null}
      </p>
      {campaign.script ? (
        <blockquote className="campaign-script" data-testid="campaign-script" style={{ whiteSpace: 'pre-wrap' }}>
          {campaign.script}
        </blockquote>
      ) : null}
      <fieldset>
        <legend>{t('campaigns.outcomeLabel')}</legend>
        {CampaignOutcome.options.map((o, i) => (
          <label key={o}>
            <input
              type="radio"
              name="campaign-outcome"
              value={o}
              data-testid={`campaign-outcome-${o}`}
              checked={outcome === o}
              autoFocus={i === 0}
              onChange={() => store.getState().setOutcome(o)}
            />
            {t(`campaigns.outcome.${o}`)}
          </label>
        ))}
      </fieldset>
      {outcome === 'call_back' ? (
        <label>
          {t('campaigns.callBackAt')}
          <input type="datetime-local" data-testid="campaign-call-back-at" value={callBackAt} required onChange={(e) => store.getState().setCallBackAt(e.target.value)} />
        </label>
      ) : null}
      {target.status === 'call_back' && target.callBackAt ? (
        <p className="muted" data-testid="campaign-call-back-was">
          {t('campaigns.callBackWas', { time: formatDateTime(target.callBackAt) })}
        </p>
      ) : null}
      <label>
        {t('campaigns.notes')}
        <textarea data-testid="campaign-notes" value={notes} maxLength={2000} onChange={(e) => store.getState().setNotes(e.target.value)} />
      </label>
      {callError ? <ErrorText error={callError} testId="campaign-call-error" /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="campaign-record" disabled={pending} title={t('campaigns.recordTitle')}>
          {t('campaigns.record')}
        </button>
        <button type="button" className="button" data-testid="campaign-skip" disabled={pending} onClick={() => void store.getState().skip()}>
          {t('campaigns.skip')}
        </button>
        {back}
      </div>
    </form>
  );
}
