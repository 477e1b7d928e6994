import './contactHistory.css';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ContactHistoryKind, type ContactHistoryEntry } from '../../../shared/domain/contactHistory.js';
import { CONTACT_TEXT_MAX, MANUAL_CONTACT_CHANNELS, type ManualContactChannel } from '../../../shared/domain/interaction.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { formatDateTime } from '../i18n/format.js';

/** A glyph per kind, beside its name (the name is what a screen reader reads). */
const KIND_ICONS: Record<ContactHistoryKind, string> = {
  call: '☎',
  contact: '✉',
  note: '✎',
  order: '▤',
  followUp: '↺',
  campaign: '⚑',
  complaint: '⚠',
};

/**
 * The customer's one contact history, newest first: calls (answered, missed, turned away),
 * contacts recorded by hand, notes, order events, follow-ups, campaign calls and complaint steps,
 * with chips to show only some kinds, "more" for older pages, and a small form to record a contact
 * that happened outside the softphone. F9 jumps here (to the first chip).
 */
export function ContactHistory() {
  const { t } = useTranslation();
  const { contactHistory: store } = useStores();
  const state = useAppStore('contactHistory', (s) => s);
  const formId = `history${useId().replace(/[^\w-]/g, '')}`;
  const shownKinds = new Set(state.kinds);
  return (
    <section className="card-section contact-history" data-testid="contact-history" aria-labelledby={`${formId}-heading`}>
      <div className="section-head">
        <h3 id={`${formId}-heading`}>{t('contactHistory.heading', { count: state.entries.length, more: state.more ? t('contactHistory.moreMark') : '' })}</h3>
        <span className="muted history-hint">{t('contactHistory.hint')}</span>
      </div>
      <div className="history-chips" role="group" aria-label={t('contactHistory.filters')} data-testid="history-filters">
        <button type="button" className="chip" aria-pressed={state.kinds.length === 0} data-testid="history-filter-all" onClick={() => void store.getState().allKinds()}>
          {t('contactHistory.all')}
        </button>
        {ContactHistoryKind.options.map((kind) => (
          <button
            key={kind}
            type="button"
            className="chip"
            aria-pressed={shownKinds.has(kind)}
            data-testid="history-filter"
            data-kind={kind}
            onClick={() => void store.getState().toggleKind(kind)}
          >
            <span aria-hidden="true">{KIND_ICONS[kind]}</span> {t(`contactHistory.kind.${kind}`)}
          </button>
        ))}
      </div>
      <form
        className="history-record"
        data-testid="contact-record-form"
        noValidate
        aria-label={t('contactHistory.record.heading')}
        onSubmit={(e) => {
          e.preventDefault();
          void store.getState().record();
        }}
      >
        <select
          data-testid="contact-channel"
          aria-label={t('contactHistory.record.channel')}
          value={state.channel}
          onChange={(e) => store.getState().set({ channel: e.target.value as ManualContactChannel })}
        >
          {MANUAL_CONTACT_CHANNELS.map((channel) => (
            <option key={channel} value={channel}>
              {t(`contactHistory.channel.${channel}`)}
            </option>
          ))}
        </select>
        <input
          type="text"
          data-testid="contact-text"
          aria-label={t('contactHistory.record.text')}
          placeholder={t('contactHistory.record.text')}
          value={state.text}
          aria-invalid={state.formError ? true : undefined}
          onChange={(e) => store.getState().set({ text: e.target.value })}
        />
        <span className="muted nowrap">{t('contactHistory.record.counter', { count: state.text.trim().length, max: CONTACT_TEXT_MAX })}</span>
        <button type="submit" className="button button-small" data-testid="contact-submit" title={t('contactHistory.record.submitTitle')} disabled={state.pending}>
          {t('contactHistory.record.submit')}
        </button>
      </form>
      {state.formError ? <ErrorText error={state.formError} testId="contact-error" /> : null}
      {state.loadError ? <ErrorText error={state.loadError} testId="history-error" /> : null}
      {state.phase === 'loading' && state.entries.length === 0 ? <p className="muted">{t('contactHistory.loading')}</p> : null}
      {state.phase === 'loaded' && state.entries.length === 0 ? (
        <p className="muted" data-testid="history-none">
          {state.kinds.length > 0 ? t('contactHistory.noneOfKinds') : t('contactHistory.none')}
        </p>
      ) : null}
      <ol className="history-list" data-testid="history-list">
        {state.entries.map((entry) => (
          <li key={entry.key} className={`history-entry history-${entry.kind}`} data-testid="history-entry" data-kind={entry.kind} data-step={entry.step} data-key={entry.key}>
            <span className="history-kind nowrap">
              <span className="history-icon" aria-hidden="true">
                {KIND_ICONS[entry.kind]}
              </span>
              {t(`contactHistory.rowKind.${entry.kind}`)}
            </span>
            <time className="muted nowrap" dateTime={entry.at}>
              {formatDateTime(entry.at)}
            </time>
            <span className="nowrap history-who">{entry.agentName ?? (entry.byBackend ? t('contactHistory.system') : '')}</span>
            <span className="history-summary" data-testid="history-summary">
              {entry.orderNumber ? <span className="badge mono history-order">{entry.orderNumber}</span> : null}
              {summary(t, entry)}
              {entry.text ? <span className="history-text">{entry.text}</span> : null}
            </span>
          </li>
        ))}
      </ol>
      {state.more ? (
        <button type="button" className="button button-small" data-testid="history-more" onClick={() => void store.getState().loadMore()}>
          {t('contactHistory.more')}
        </button>
      ) : null}
    </section>
  );
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function duration(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** What one entry says, in the agent's language, from its kind, step and facts. */
function summary(t: TFunction, entry: ContactHistoryEntry): string {
  const { facts } = entry;
  switch (entry.kind) {
    case 'call': {
      const direction = t(facts.direction === 'outbound' ? 'contactHistory.outbound' : 'contactHistory.inbound');
      const disposition = t(`disposition.${text(facts.disposition) || 'other'}` as 'disposition.other');
      if (entry.step === 'answered') return `${direction} · ${disposition} · ${t('contactHistory.talk', { duration: duration(Number(facts.talkSeconds ?? 0)) })}`;
      return `${direction} · ${disposition} · ${t('contactHistory.ring', { seconds: Number(facts.ringSeconds ?? 0) })}`;
    }
    case 'contact':
      return t(`contactHistory.channel.${entry.step}` as 'contactHistory.channel.wechat');
    case 'note':
      return '';
    case 'order': {
      const status = (value: unknown) => (text(value) ? t(`orderStatus.${text(value)}` as 'orderStatus.new') : '');
      return t(`contactHistory.order.${entry.step}` as 'contactHistory.order.created', { status: status(facts.toStatus), from: status(facts.fromStatus), to: status(facts.toStatus) });
    }
    case 'followUp':
      if (entry.step === 'scheduled') return t('contactHistory.followUp.scheduled', { due: formatDateTime(text(facts.dueAt)) });
      return [
        t(`followUps.outcomeName.${entry.step}` as 'followUps.outcomeName.done'),
        typeof facts.satisfaction === 'number' ? t('contactHistory.followUp.satisfaction', { score: facts.satisfaction }) : '',
      ]
        .filter(Boolean)
        .join(' · ');
    case 'campaign':
      return t('contactHistory.campaign', { campaign: text(facts.campaignName), outcome: t(`campaigns.outcome.${entry.step}` as 'campaigns.outcome.done') });
    case 'complaint': {
      const category = t(`complaints.categoryName.${text(facts.category)}` as 'complaints.categoryName.fees');
      const severity = t(`complaints.severityName.${text(facts.severity)}` as 'complaints.severityName.normal');
      const escalation = t(`complaints.escalationName.${text(facts.escalation) || 'none'}` as 'complaints.escalationName.none');
      const kind = t(`complaints.compensationName.${text(facts.compensationKind) || 'none'}` as 'complaints.compensationName.none');
      const compensation = typeof facts.compensationYuan === 'number' ? t('contactHistory.complaint.yuan', { kind, amount: facts.compensationYuan }) : kind;
      return t(`contactHistory.complaint.${entry.step}` as 'contactHistory.complaint.received', { category, severity, escalation, compensation });
    }
  }
}
