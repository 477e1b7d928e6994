import type { FormEvent, RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore, useStores } from '../app/stores.js';
import { shownNumber } from './callDisplay.js';
import { CallTimer } from './CallTimer.js';
import { CustomerTagChips } from '../customer/CustomerTagChips.js';
import { ConsultControls } from './ConsultControls.js';
import { QualityBadge } from './QualityBadge.js';
import type { ActiveCall } from './softphoneStore.js';

export function CallControls({ call, transferRef }: { call: ActiveCall; transferRef: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const stores = useStores();
  const consult = useAppStore('softphone', (s) => s.consult);
  const phone = () => stores.softphone.getState();
  const who = call.customerName ?? call.remoteName;

  if (call.phase === 'ringing' && call.direction === 'inbound') {
    return (
      <div
        className="incoming-call"
        data-testid="incoming-call"
        data-caller={call.remoteNumber}
        data-presentation={call.presentation}
        data-customer-id={call.customerId ?? ''}
        role="alert"
      >
        <strong>{t('softphone.incoming')}</strong>
        <span className="call-number">{shownNumber(call, t)}</span>
        {who ? (
          <span className="call-name">{who}</span>
        ) : call.popping || call.presentation !== 'number' ? null : (
          <span className="muted">{t('softphone.unknownCaller')}</span>
        )}
        <CallTimer call={call} />
        <button type="button" className="button button-primary" data-testid="answer-call" title={t('softphone.answerTitle')} onClick={() => void phone().answer()}>
          {t('softphone.answer')}
        </button>
        <button type="button" className="button button-danger" data-testid="reject-call" title={t('softphone.rejectTitle')} onClick={() => phone().reject()}>
          {t('softphone.reject')}
        </button>
        {/* After the buttons, so answer and reject stay where the agent expects them however many tags there are. */}
        <CustomerTagChips tags={call.customerTags} testId="incoming-call-tags" />
      </div>
    );
  }

  if (consult) return <ConsultControls call={call} consult={consult} />;

  const onTransfer = (event: FormEvent) => {
    event.preventDefault();
    const target = transferRef.current?.value ?? '';
    void phone().transfer(target);
  };

  return (
    <div className="active-call" data-testid="active-call" data-phase={call.phase} data-direction={call.direction} data-muted={call.muted} data-held={call.held} data-media={call.media} data-ice-restarts={call.iceRestarts}>
      <span className="call-state">{call.phase === 'dialing' ? t('softphone.dialing') : call.held ? t('softphone.onHold') : t('softphone.talking')}</span>
      <span className="call-number">{shownNumber(call, t)}</span>
      {who ? <span className="call-name">{who}</span> : null}
      <CallTimer call={call} />
      {call.phase === 'established' ? (
        <>
          <button type="button" className="button" data-testid="mute-call" aria-pressed={call.muted} title={t('softphone.muteTitle')} onClick={() => phone().toggleMute()}>
            {call.muted ? t('softphone.unmute') : t('softphone.mute')}
          </button>
          <button type="button" className="button" data-testid="hold-call" aria-pressed={call.held} title={t('softphone.holdTitle')} onClick={() => void phone().toggleHold()}>
            {call.held ? t('softphone.resume') : t('softphone.hold')}
          </button>
          <form className="transfer-form" onSubmit={onTransfer}>
            <label className="visually-hidden" htmlFor="transfer-input">
              {t('softphone.transferTo')}
            </label>
            <input
              id="transfer-input"
              ref={transferRef}
              data-testid="transfer-input"
              inputMode="tel"
              placeholder={t('softphone.transferTo')}
              title={t('softphone.transferBoxTitle')}
              size={8}
            />
            <button type="submit" className="button" data-testid="transfer-button" title={t('softphone.transferTitle')}>
              {t('softphone.transfer')}
            </button>
            <button
              type="button"
              className="button"
              data-testid="consult-button"
              title={t('softphone.consultTitle')}
              onClick={() => void phone().startConsult(transferRef.current?.value ?? '')}
            >
              {t('softphone.consult')}
            </button>
          </form>
        </>
      ) : null}
      <button type="button" className="button button-danger" data-testid="hangup-call" title={t('softphone.hangupTitle')} onClick={() => void phone().hangup()}>
        {t('softphone.hangup')}
      </button>
      {call.media === 'no_audio' ? (
        <span className="call-media-warning" role="status" data-testid="media-no-audio">
          {t('softphone.mediaNoAudio')}
        </span>
      ) : call.media === 'reconnecting' ? (
        <span className="call-media-warning" role="status" data-testid="media-reconnecting">
          {t('softphone.mediaReconnecting')}
        </span>
      ) : null}
      {call.quality && call.media === 'ok' ? <QualityBadge quality={call.quality} /> : null}
      {call.dtmf ? (
        <span className="muted" data-testid="dtmf-sent">
          {t('softphone.dtmfSent', { digits: call.dtmf })}
        </span>
      ) : null}
    </div>
  );
}
