import './softphone.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { AgentFigures } from './AgentFigures.js';
import { AgentStateSelect } from './AgentStateSelect.js';
import { AudioDevicesPanel } from './AudioDevicesPanel.js';
import { shownNumber } from './callDisplay.js';
import { CallControls } from './CallControls.js';
import { DialBox } from './DialBox.js';
import { MissingDevices } from './MissingDevices.js';
import { Registration } from './Registration.js';
import { WrapUpPanel } from './WrapUpPanel.js';

/** The ringtone next to index.html (renderer/public/sounds), served from 'self' under the CSP. */
const RINGTONE_URL = './sounds/ringtone.wav';

/**
 * The phone bar under the header: registration, agent state, the call (ringing, talking) with its
 * controls, the dial box and keypad, and the wrap-up form after a call. Its keys (Alt+A answer…,
 * digits as DTMF) are declared with the workspace's in shortcuts/workspaceShortcuts.ts.
 */
export function Softphone() {
  const { t } = useTranslation();
  const stores = useStores();
  const setup = useAppStore('softphone', (s) => s.setup);
  const call = useAppStore('softphone', (s) => s.call);
  const wrapUp = useAppStore('softphone', (s) => s.wrapUp);
  const error = useAppStore('softphone', (s) => s.error);
  const ringerId = useAppStore('softphone', (s) => s.audio.resolved.ringerId);
  const transferRef = useRef<HTMLInputElement>(null);
  const ringtoneRef = useRef<HTMLAudioElement>(null);
  const devicesOpen = useAppStore('softphone', (s) => s.devicesPanelOpen);
  const ringing = call?.phase === 'ringing' && call.direction === 'inbound';

  // Plugged or unplugged headsets: the fallback rule runs again.
  useEffect(() => {
    const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    if (!media?.addEventListener) return;
    const onChange = () => void stores.softphone.getState().refreshAudioDevices();
    media.addEventListener('devicechange', onChange);
    return () => media.removeEventListener('devicechange', onChange);
  }, [stores]);

  // The ringer may be another output than the call audio (loudspeakers vs. headset).
  useEffect(() => {
    const audio = ringtoneRef.current;
    if (!ringing || !audio || typeof audio.setSinkId !== 'function') return;
    void audio.setSinkId(ringerId ?? '').catch(() => {
      // gone meanwhile: it rings on the default output
    });
  }, [ringing, ringerId]);

  const callId = call?.id ?? null;
  const caller = call ? (call.customerName ?? call.remoteName) : null;
  const noteBody = call ? (caller ? `${caller} ${shownNumber(call, t)}` : shownNumber(call, t)) : null;
  // A desktop notification for a ringing call, where the agent allowed them.
  useEffect(() => {
    if (!ringing || !callId || !noteBody || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    // One per call; shown again (same tag: replacing it) only when the screen pop named the caller.
    const note = new Notification(t('softphone.notificationTitle'), { body: noteBody, tag: callId });
    return () => note.close();
  }, [ringing, callId, noteBody, t]);

  if (setup === 'idle') return null;
  if (setup === 'none') {
    return (
      <section className="softphone softphone-none" data-testid="softphone" data-setup="none">
        <span className="muted">{t('softphone.notConfigured')}</span>
      </section>
    );
  }

  return (
    <section className="softphone" data-testid="softphone" data-setup={setup} aria-label={t('softphone.label')}>
      <div className="softphone-line">
        <Registration />
        <AgentStateSelect />
        <div className="softphone-call">
          {call ? <CallControls call={call} transferRef={transferRef} /> : <span className="muted">{t('softphone.idle')}</span>}
        </div>
        <DialBox />
        <AgentFigures />
        <button
          type="button"
          className="button button-small"
          data-testid="audio-devices-toggle"
          aria-expanded={devicesOpen}
          title={t('softphone.audioDevicesTitle')}
          onClick={() => stores.softphone.getState().toggleDevicesPanel()}
        >
          {t('softphone.audioDevices')}
        </button>
      </div>
      <MissingDevices />
      {devicesOpen ? <AudioDevicesPanel onClose={() => stores.softphone.getState().closeDevicesPanel()} /> : null}
      {ringing ? <audio ref={ringtoneRef} className="ringtone" data-testid="ringtone" src={RINGTONE_URL} autoPlay loop /> : null}
      {error ? <ErrorText error={error} testId="softphone-error" className="softphone-error" /> : null}
      {wrapUp ? <WrapUpPanel /> : null}
    </section>
  );
}
