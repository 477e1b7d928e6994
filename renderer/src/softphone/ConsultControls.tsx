import { useTranslation } from 'react-i18next';
import { useAppStore, useStores } from '../app/stores.js';
import { shownNumber } from './callDisplay.js';
import { CallTimer } from './CallTimer.js';
import type { ActiveCall } from './softphoneStore.js';

/** During an attended transfer: the customer on hold, the consult call, transfer now or back to the customer. */
export function ConsultControls({ call, consult }: { call: ActiveCall; consult: ActiveCall }) {
  const { t } = useTranslation();
  const stores = useStores();
  const transferring = useAppStore('softphone', (s) => s.transferring);
  const conferencing = useAppStore('softphone', (s) => s.conferencing);
  const phone = () => stores.softphone.getState();
  const number = shownNumber(consult, t);
  return (
    <div
      className="active-call consult-call"
      data-testid="consult-call"
      data-phase={consult.phase}
      data-transferring={transferring}
      data-customer-held={call.held}
      data-conference={conferencing}
    >
      <span className="muted" data-testid="consult-customer">
        {conferencing ? t('softphone.conferenceWith') : t('softphone.customerOnHold')} · {call.customerName ?? shownNumber(call, t)}
      </span>
      <span className="call-state">
        {conferencing ? t('softphone.conferencing', { number }) : consult.phase === 'established' ? t('softphone.consulting', { number }) : t('softphone.consultDialing', { number })}
      </span>
      <CallTimer call={consult} />
      <button
        type="button"
        className="button button-primary"
        data-testid="complete-transfer"
        disabled={consult.phase !== 'established' || transferring}
        title={t('softphone.completeTransferTitle')}
        onClick={() => void phone().completeConsult()}
      >
        {transferring ? t('softphone.transferring') : t('softphone.completeTransfer')}
      </button>
      {conferencing ? null : (
        <button
          type="button"
          className="button"
          data-testid="conference-button"
          disabled={consult.phase !== 'established' || transferring}
          title={t('softphone.conferenceTitle')}
          onClick={() => void phone().startConference()}
        >
          {t('softphone.conference')}
        </button>
      )}
      <button
        type="button"
        className="button"
        data-testid="cancel-consult"
        disabled={transferring}
        title={t('softphone.cancelConsultTitle')}
        onClick={() => void phone().cancelConsult()}
      >
        {t('softphone.cancelConsult')}
      </button>
    </div>
  );
}
