import { useTranslation } from 'react-i18next';
import { useAppStore, useStores } from '../app/stores.js';
import { formatPhone } from '../i18n/format.js';
import { dialStringFor } from './dialString.js';

/** A call button next to a customer's phone number: dials it on the softphone, the customer noted for the wrap-up. */
export function ClickToDial({ phone, customerId }: { phone: string; customerId: string }) {
  const { t } = useTranslation();
  const stores = useStores();
  const canDial = useAppStore('softphone', (s) => s.setup === 'started' && !s.call && !s.wrapUp && s.agentState !== 'offline');
  const number = formatPhone(phone);
  return (
    <button
      type="button"
      className="button button-small click-to-dial"
      data-testid="click-to-dial"
      data-phone={phone}
      disabled={!canDial}
      title={t('softphone.clickToDialTitle', { number })}
      aria-label={t('softphone.clickToDialTitle', { number })}
      onClick={() => stores.softphone.getState().dial(dialStringFor(phone), customerId)}
    >
      {t('softphone.clickToDial')}
    </button>
  );
}
