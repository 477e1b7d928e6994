import './softphone.css';
import { useTranslation } from 'react-i18next';
import { useAppStore, useStores } from '../app/stores.js';
import { formatPhone } from '../i18n/format.js';
import { dialStringFor } from './dialString.js';

/**
 * A call button next to a customer's phone number: dials it on the softphone, the customer noted for
 * the wrap-up. `onDial` replaces the plain dial where the caller keeps more (a follow-up task).
 */
export function ClickToDial({ phone, customerId, testId = 'click-to-dial', onDial }: { phone: string; customerId: string; testId?: string; onDial?: () => void }) {
  const { t } = useTranslation();
  const stores = useStores();
  const canDial = useAppStore('softphone', (s) => s.setup === 'started' && !s.call && !s.wrapUp && s.agentState !== 'offline');
  const number = formatPhone(phone);
  return (
    <button
      type="button"
      className="button button-small click-to-dial"
      data-testid={testId}
      data-phone={phone}
      disabled={!canDial}
      title={t('softphone.clickToDialTitle', { number })}
      aria-label={t('softphone.clickToDialTitle', { number })}
      onClick={() => (onDial ? onDial() : stores.softphone.getState().dial(dialStringFor(phone), customerId))}
    >
      {t('softphone.clickToDial')}
    </button>
  );
}
