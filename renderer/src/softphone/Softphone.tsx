import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { WRAP_UP_DISPOSITIONS, type Disposition } from '../../../shared/domain/interaction.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { useNow } from '../app/useNow.js';
import { formatPhone } from '../i18n/format.js';
import { AUDIO_ROLES, choicesFor } from './audioDevices.js';
import type { CallQuality } from './callQuality.js';
import { DTMF_KEYS, isDtmfTone } from './phoneEngine.js';
import { NOT_READY_REASONS, type ActiveCall, type NotReadyReason } from './softphoneStore.js';

/** The ringtone next to index.html (renderer/public/sounds), served from 'self' under the CSP. */
const RINGTONE_URL = './sounds/ringtone.wav';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** "mm:ss" (or "h:mm:ss") of a duration in ms. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h ? `${h}:` : ''}${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** A number as people read it: canonical numbers formatted, anything else as signalled. */
function shownNumber(call: Pick<ActiveCall, 'canonical' | 'remoteNumber'>): string {
  return call.canonical ? formatPhone(call.canonical) : call.remoteNumber;
}

/**
 * The phone bar under the header: registration, agent state, the call (ringing, talking) with its
 * controls, the dial box and keypad, and the wrap-up form after a call.
 * Keys: Alt+A answer, Alt+R reject, Alt+H hang up, Alt+M mute, Alt+L hold/resume, Alt+C dial box,
 * Alt+T transfer box, Alt+K consult the number in it, Alt+J complete the attended transfer, Alt+X
 * back to the customer, Alt+V audio devices; digits, star and hash send DTMF during a call
 * (outside text boxes).
 */
export function Softphone() {
  const { t } = useTranslation();
  const stores = useStores();
  const setup = useAppStore('softphone', (s) => s.setup);
  const call = useAppStore('softphone', (s) => s.call);
  const wrapUp = useAppStore('softphone', (s) => s.wrapUp);
  const error = useAppStore('softphone', (s) => s.error);
  const ringerId = useAppStore('softphone', (s) => s.audio.resolved.ringerId);
  const dialRef = useRef<HTMLInputElement>(null);
  const transferRef = useRef<HTMLInputElement>(null);
  const ringtoneRef = useRef<HTMLAudioElement>(null);
  const [devicesOpen, setDevicesOpen] = useState(false);
  const ringing = call?.phase === 'ringing' && call.direction === 'inbound';

  useEffect(() => {
    const phone = () => stores.softphone.getState();
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      if (event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
        const action: Record<string, () => void> = {
          KeyA: () => void phone().answer(),
          KeyR: () => phone().reject(),
          KeyH: () => void phone().hangup(),
          KeyM: () => phone().toggleMute(),
          KeyL: () => void phone().toggleHold(),
          // (not Alt+D: browsers keep that for the address bar)
          KeyC: () => dialRef.current?.focus(),
          KeyT: () => transferRef.current?.focus(),
          KeyK: () => void phone().startConsult(transferRef.current?.value ?? ''),
          KeyJ: () => void phone().completeConsult(),
          KeyX: () => void phone().cancelConsult(),
          KeyV: () => setDevicesOpen((open) => !open),
        };
        const run = action[event.code];
        if (run) {
          event.preventDefault();
          run();
        }
        return;
      }
      if (!event.ctrlKey && !event.metaKey && !event.altKey && isDtmfTone(event.key) && !isEditable(event.target) && phone().call?.phase === 'established') {
        event.preventDefault();
        void phone().sendDtmf(event.key);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [stores]);

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
  const noteBody = call ? (caller ? `${caller} ${shownNumber(call)}` : shownNumber(call)) : null;
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
        <DialBox inputRef={dialRef} />
        <AgentFigures />
        <button
          type="button"
          className="button button-small"
          data-testid="audio-devices-toggle"
          aria-expanded={devicesOpen}
          title={t('softphone.audioDevicesTitle')}
          onClick={() => setDevicesOpen((open) => !open)}
        >
          {t('softphone.audioDevices')}
        </button>
      </div>
      <MissingDevices />
      {devicesOpen ? <AudioDevicesPanel onClose={() => setDevicesOpen(false)} /> : null}
      {ringing ? <audio ref={ringtoneRef} className="ringtone" data-testid="ringtone" src={RINGTONE_URL} autoPlay loop /> : null}
      {error ? <ErrorText error={error} testId="softphone-error" className="softphone-error" /> : null}
      {wrapUp ? <WrapUpPanel /> : null}
    </section>
  );
}

function Registration() {
  const { t } = useTranslation();
  const registration = useAppStore('softphone', (s) => s.registration);
  const user = useAppStore('softphone', (s) => s.user);
  const { state, reason, code } = registration;
  const label =
    state === 'registering' && reason === 'transport'
      ? t('softphone.reconnecting')
      : state === 'failed' && code
        ? t('softphone.registrationRefused', { code })
        : t(`registration.${state}`);
  return (
    <span className={`sip-registration sip-${state}`} data-testid="sip-registration" data-state={state} data-reason={reason ?? ''} title={label} role="status">
      <span className="sip-dot" aria-hidden="true" />
      {user ? <span className="sip-user">{t('softphone.extension', { user })}</span> : null}
      <span className="sip-label">{label}</span>
    </span>
  );
}

function AgentStateSelect() {
  const { t } = useTranslation();
  const stores = useStores();
  const agentState = useAppStore('softphone', (s) => s.agentState);
  const reason = useAppStore('softphone', (s) => s.notReadyReason);
  const busy = agentState === 'on_call' || agentState === 'wrap_up';
  const value = agentState === 'not_ready' && reason ? `not_ready:${reason}` : agentState;
  const onChange = (next: string) => {
    const [state, why] = next.split(':') as [string, string | undefined];
    // Ready for calls: ask once (a user gesture) whether a ringing call may show a desktop notification.
    if (state === 'ready' && typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission().catch(() => {});
    if (state === 'ready' || state === 'offline') void stores.softphone.getState().setAgentState(state);
    else if (state === 'not_ready') void stores.softphone.getState().setAgentState('not_ready', (why as NotReadyReason | undefined) ?? null);
  };
  return (
    <label className="agent-state">
      <span className="visually-hidden">{t('softphone.agentStateLabel')}</span>
      <select data-testid="agent-state" data-state={agentState} value={value} disabled={busy} onChange={(e) => onChange(e.target.value)}>
        <option value="ready">{t('agentState.ready')}</option>
        <option value="not_ready">{t('agentState.not_ready')}</option>
        {NOT_READY_REASONS.map((r) => (
          <option key={r} value={`not_ready:${r}`}>
            {t('agentState.not_ready')} · {t(`notReady.${r}`)}
          </option>
        ))}
        <option value="offline">{t('agentState.offline')}</option>
        {busy ? (
          <option value={agentState} disabled>
            {t(`agentState.${agentState}`)}
          </option>
        ) : null}
      </select>
    </label>
  );
}

function CallTimer({ call }: { call: ActiveCall }) {
  const now = useNow(500);
  const since = call.answeredAt ?? call.startedAt;
  return (
    <span className="call-timer" data-testid="call-timer" data-phase={call.phase}>
      {formatDuration(now - since)}
    </span>
  );
}

function CallControls({ call, transferRef }: { call: ActiveCall; transferRef: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const stores = useStores();
  const consult = useAppStore('softphone', (s) => s.consult);
  const phone = () => stores.softphone.getState();
  const who = call.customerName ?? call.remoteName;

  if (call.phase === 'ringing' && call.direction === 'inbound') {
    return (
      <div className="incoming-call" data-testid="incoming-call" data-caller={call.remoteNumber} data-customer-id={call.customerId ?? ''} role="alert">
        <strong>{t('softphone.incoming')}</strong>
        <span className="call-number">{shownNumber(call)}</span>
        {who ? <span className="call-name">{who}</span> : call.popping ? null : <span className="muted">{t('softphone.unknownCaller')}</span>}
        <CallTimer call={call} />
        <button type="button" className="button button-primary" data-testid="answer-call" title={t('softphone.answerTitle')} onClick={() => void phone().answer()}>
          {t('softphone.answer')}
        </button>
        <button type="button" className="button button-danger" data-testid="reject-call" title={t('softphone.rejectTitle')} onClick={() => phone().reject()}>
          {t('softphone.reject')}
        </button>
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
      <span className="call-number">{shownNumber(call)}</span>
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
      {call.media === 'reconnecting' ? (
        <span className="call-media-warning" role="status" data-testid="media-reconnecting">
          {t('softphone.mediaReconnecting')}
        </span>
      ) : null}
      {call.quality ? <QualityBadge quality={call.quality} /> : null}
      {call.dtmf ? (
        <span className="muted" data-testid="dtmf-sent">
          {t('softphone.dtmfSent', { digits: call.dtmf })}
        </span>
      ) : null}
    </div>
  );
}

function QualityBadge({ quality }: { quality: CallQuality }) {
  const { t } = useTranslation();
  const level = quality.mos >= 4 ? 'good' : quality.mos >= 3.6 ? 'fair' : 'poor';
  const details = t('softphone.qualityDetails', {
    loss: quality.lossPercent,
    jitter: Math.round(quality.jitterMs),
    rtt: quality.rttMs === null ? '–' : quality.rttMs,
  });
  return (
    <span className={`call-quality quality-${level}`} data-testid="call-quality" data-mos={quality.mos} data-packets={quality.packetsReceived} data-level={level} title={details}>
      {t('softphone.quality', { mos: quality.mos.toFixed(1) })}
      <span className="muted"> · {t(`quality.${level}`)}</span>
    </span>
  );
}

function DialBox({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const stores = useStores();
  const dialInput = useAppStore('softphone', (s) => s.dialInput);
  const inCall = useAppStore('softphone', (s) => s.call?.phase === 'established');
  const canDial = useAppStore('softphone', (s) => !s.call && !s.wrapUp && s.agentState !== 'offline' && s.setup === 'started');
  const phone = () => stores.softphone.getState();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    phone().dial();
  };
  const press = (key: string) => {
    if (!isDtmfTone(key)) return;
    if (inCall) void phone().sendDtmf(key);
    else phone().setDialInput(phone().dialInput + key);
  };

  return (
    <div className="dial-box">
      <form className="dial-form" onSubmit={onSubmit}>
        <label className="visually-hidden" htmlFor="dial-input">
          {t('softphone.dialLabel')}
        </label>
        <input
          id="dial-input"
          ref={inputRef}
          data-testid="dial-input"
          inputMode="tel"
          autoComplete="off"
          placeholder={t('softphone.dialPlaceholder')}
          value={dialInput}
          onChange={(e) => phone().setDialInput(e.target.value)}
        />
        <button type="submit" className="button button-primary" data-testid="dial-button" disabled={!canDial || !dialInput.trim()} title={t('softphone.dialTitle')}>
          {t('softphone.dial')}
        </button>
      </form>
      <div className="dtmf-pad" data-testid="dtmf-pad" role="group" aria-label={inCall ? t('softphone.dtmfLabel') : t('softphone.padLabel')}>
        {DTMF_KEYS.map((key) => (
          <button key={key} type="button" className="dtmf-key" data-testid="dtmf-key" data-key={key} onClick={() => press(key)}>
            {key}
          </button>
        ))}
      </div>
    </div>
  );
}

function WrapUpPanel() {
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
          {t('wrapUp.summary', { number: shownNumber(call), talk: formatDuration(talk) })}
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

/** During an attended transfer: the customer on hold, the consult call, transfer now or back to the customer. */
function ConsultControls({ call, consult }: { call: ActiveCall; consult: ActiveCall }) {
  const { t } = useTranslation();
  const stores = useStores();
  const transferring = useAppStore('softphone', (s) => s.transferring);
  const phone = () => stores.softphone.getState();
  const number = shownNumber(consult);
  return (
    <div className="active-call consult-call" data-testid="consult-call" data-phase={consult.phase} data-transferring={transferring} data-customer-held={call.held}>
      <span className="muted" data-testid="consult-customer">
        {t('softphone.customerOnHold')} · {call.customerName ?? shownNumber(call)}
      </span>
      <span className="call-state">{consult.phase === 'established' ? t('softphone.consulting', { number }) : t('softphone.consultDialing', { number })}</span>
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

/** The agent's own figures for today (calls, average handle time, follow-ups done), refreshed after each saved call. */
function AgentFigures() {
  const { t } = useTranslation();
  const figures = useAppStore('softphone', (s) => s.figures);
  if (!figures) return null;
  return (
    <span
      className="agent-figures muted"
      data-testid="agent-figures"
      data-calls={figures.calls}
      data-aht={Math.round(figures.averageHandleSeconds)}
      data-follow-ups={figures.followUpsDone}
      title={t('softphone.figuresTitle')}
      aria-label={t('softphone.figuresLabel')}
    >
      {t('softphone.figures', { calls: figures.calls, aht: formatDuration(figures.averageHandleSeconds * 1000), followUps: figures.followUpsDone })}
    </span>
  );
}

/** Chosen devices that are not connected now: the default plays their part, and the agent should know. */
function MissingDevices() {
  const { t } = useTranslation();
  const missing = useAppStore('softphone', (s) => s.audio.resolved.missing);
  if (missing.length === 0) return null;
  return (
    <div className="device-missing" role="status" data-testid="device-missing">
      {missing.map((m) => (
        <div key={m.role} data-role={m.role}>
          {t('softphone.deviceMissing', { role: t(`softphone.${m.role}`), label: m.label })}
        </div>
      ))}
    </div>
  );
}

function AudioDevicesPanel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const stores = useStores();
  const audio = useAppStore('softphone', (s) => s.audio);
  const firstRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    firstRef.current?.focus();
    void stores.softphone.getState().refreshAudioDevices();
  }, [stores]);
  return (
    <div
      className="audio-devices"
      data-testid="audio-devices"
      role="group"
      aria-label={t('softphone.audioDevices')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      {AUDIO_ROLES.map((role, i) => {
        const current = audio.saved[role];
        const options = choicesFor(role, audio.available);
        const shown = current && options.some((d) => d.deviceId === current.deviceId) ? current.deviceId : '';
        return (
          <label key={role} className="field">
            <span className="field-label">{t(`softphone.${role}`)}</span>
            <select
              ref={i === 0 ? firstRef : undefined}
              data-testid={`device-${role}`}
              value={shown}
              onChange={(e) => void stores.softphone.getState().chooseAudioDevice(role, e.target.value)}
            >
              <option value="">{t('softphone.systemDefault')}</option>
              {options.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || d.deviceId}
                </option>
              ))}
            </select>
          </label>
        );
      })}
      <button type="button" className="button button-small" data-testid="audio-devices-close" onClick={onClose}>
        {t('softphone.closeDevices')}
      </button>
    </div>
  );
}
