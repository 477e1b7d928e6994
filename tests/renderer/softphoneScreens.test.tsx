import { describe, expect, it } from 'vitest';
import { createAppStores, type AppStores } from '../../renderer/src/app/stores.js';
import { resources } from '../../renderer/src/i18n/i18n.js';
import { beginCall, NOT_READY_REASONS } from '../../renderer/src/softphone/softphoneStore.js';
import { Disposition } from '../../shared/domain/interaction.js';
import { FakeBridge } from './fakeBridge.js';
import { card, CUSTOMER_ID, session } from './fixtures.js';
import { FakeEngine } from './softphoneFakes.js';
import { renderApp } from './renderApp.js';


const tag = (html: string, testId: string) => new RegExp(`<[^>]*data-testid="${testId}"[^>]*>`).exec(html)?.[0] ?? '';
const attr = (t: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(t)?.[1];

function loggedIn(): AppStores {
  const stores = createAppStores(new FakeBridge(), { createPhoneEngine: () => new FakeEngine() });
  stores.session.setState({ phase: 'logged_in', session: session() });
  return stores;
}

const ringing = beginCall({ id: 'c1', direction: 'inbound', remoteNumber: '13800138000', remoteName: null, presentation: 'number' }, 'ringing', '13800138000', Date.now(), {
  customerId: CUSTOMER_ID,
  customerName: '张伟',
});

describe('phone bar', () => {
  it('shows registration, agent state, dial box and keypad when idle', () => {
    const stores = loggedIn();
    stores.softphone.setState({ setup: 'started', user: '1001', agentState: 'ready', registration: { state: 'registered', reason: null, code: null, retryAt: null } });
    const html = renderApp(stores);
    expect(attr(tag(html, 'sip-registration'), 'data-state')).toBe('registered');
    expect(attr(tag(html, 'agent-state'), 'data-state')).toBe('ready');
    expect(tag(html, 'softphone')).not.toBe('');
    expect(tag(html, 'dial-input')).not.toBe('');
    expect(tag(html, 'dial-button')).not.toBe('');
    expect(tag(html, 'dtmf-pad')).not.toBe('');
    expect([...html.matchAll(/data-testid="dtmf-key" data-key="([^"]+)"/g)].map((m) => m[1])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']);
    expect(tag(html, 'incoming-call')).toBe('');
  });

  it('rings with the caller, the card behind it, answer and reject; then the call controls', () => {
    const stores = loggedIn();
    stores.softphone.setState({ setup: 'started', user: '1001', agentState: 'ready', call: ringing });
    stores.card.setState({ phase: 'loaded', customerId: CUSTOMER_ID, card: card() });
    let html = renderApp(stores, 'en');
    expect(attr(tag(html, 'incoming-call'), 'data-caller')).toBe('13800138000');
    expect(tag(html, 'answer-call')).toContain('Alt+A');
    expect(tag(html, 'reject-call')).not.toBe('');
    expect(tag(html, 'ringtone')).toContain('sounds/ringtone.wav');
    expect(tag(html, 'click-to-dial')).not.toBe('');
    expect(tag(html, 'call-timer')).not.toBe('');

    stores.softphone.setState({
      agentState: 'on_call',
      call: { ...ringing, phase: 'established', answeredAt: Date.now(), dtmf: '12', quality: { mos: 4.38, lossPercent: 0, jitterMs: 2, rttMs: 8, packetsReceived: 200 } },
    });
    html = renderApp(stores, 'en');
    for (const id of ['hangup-call', 'mute-call', 'hold-call', 'call-timer', 'transfer-input', 'dtmf-sent', 'call-quality']) expect(tag(html, id), id).not.toBe('');
    expect(attr(tag(html, 'call-quality'), 'data-level')).toBe('good');
    expect(tag(html, 'ringtone')).toBe('');
    expect(tag(html, 'agent-state')).toContain('disabled');
    expect(tag(html, 'media-reconnecting')).toBe('');

    // the media path broke: said so on the call, the call still up
    const established = stores.softphone.getState().call!;
    stores.softphone.setState({ call: { ...established, media: 'reconnecting', iceRestarts: 1 } });
    html = renderApp(stores, 'en');
    expect(attr(tag(html, 'active-call'), 'data-media')).toBe('reconnecting');
    expect(html).toContain('reconnecting the media');
    expect(tag(html, 'hangup-call')).not.toBe('');
  });

  it('asks for the wrap-up after the call', () => {
    const stores = loggedIn();
    stores.softphone.setState({
      setup: 'started',
      agentState: 'wrap_up',
      wrapUp: { call: { ...ringing, answeredAt: Date.now() - 5000 }, endedAt: Date.now(), disposition: '', notes: '', pending: false, error: null },
    });
    const html = renderApp(stores);
    for (const id of ['wrap-up-panel', 'wrap-up-disposition', 'wrap-up-notes', 'wrap-up-submit']) expect(tag(html, id), id).not.toBe('');
    expect(html).toContain('话后处理');
  });

  it('says so when the seat has no SIP account', () => {
    const stores = loggedIn();
    stores.softphone.setState({ setup: 'none' });
    expect(attr(tag(renderApp(stores), 'softphone'), 'data-setup')).toBe('none');
  });
});

describe('softphone translations', () => {
  it('cover every agent state, reason, registration state and disposition in both languages', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const m = resources[lang].translation as unknown as Record<string, Record<string, string>>;
      for (const s of ['offline', 'ready', 'not_ready', 'on_call', 'wrap_up']) expect(m.agentState?.[s], `${lang} agentState.${s}`).toBeTruthy();
      for (const r of NOT_READY_REASONS) expect(m.notReady?.[r], `${lang} notReady.${r}`).toBeTruthy();
      for (const s of ['unregistered', 'registering', 'registered', 'failed']) expect(m.registration?.[s], `${lang} registration.${s}`).toBeTruthy();
      for (const d of Disposition.options) expect(m.disposition?.[d], `${lang} disposition.${d}`).toBeTruthy();
    }
  });
});
