import './softphone.css';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore } from '../app/stores.js';
import { formatDateTime } from '../i18n/format.js';
import { formatDuration } from './callDisplay.js';

/** The card's contacts: the customer's calls, answered or not, newest first. */
export function CustomerContacts() {
  const { t } = useTranslation();
  const contacts = useAppStore('contacts', (s) => s.contacts);
  const error = useAppStore('contacts', (s) => s.error);
  return (
    <section className="card-section" data-testid="customer-contacts">
      <h3>{t('softphone.contacts', { count: contacts.length })}</h3>
      {error ? <ErrorText error={error} testId="customer-contacts-error" /> : null}
      {contacts.length === 0 ? (
        <p className="muted">{t('softphone.noContacts')}</p>
      ) : (
        <ul className="contact-list">
          {contacts.map((c) => (
            <li key={c.id} data-testid="contact" data-disposition={c.disposition} data-ring-seconds={c.ringSeconds} data-direction={c.direction}>
              <span>{formatDateTime(c.startedAt)}</span> <span>{t(c.direction === 'inbound' ? 'softphone.contactInbound' : 'softphone.contactOutbound')}</span>{' '}
              <strong>{t(`disposition.${c.disposition}`)}</strong>{' '}
              <span className="muted">
                {c.talkSeconds > 0 ? t('softphone.contactTalked', { talk: formatDuration(c.talkSeconds * 1000) }) : t('softphone.contactRang', { seconds: c.ringSeconds })}
              </span>
              {c.notes ? <span className="muted"> · {c.notes}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
