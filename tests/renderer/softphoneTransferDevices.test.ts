import { describe, expect, it } from 'vitest';
import type { AudioDevices } from '../../shared/audioDevices.js';
import { WRAP_UP_DISPOSITIONS } from '../../shared/domain/interaction.js';
import { resolveAudioDevices, type AudioDevice } from '../../renderer/src/softphone/audioDevices.js';
import { createSoftphoneStore } from '../../renderer/src/softphone/softphoneStore.js';
import type { MethodInput } from '../../shared/workstationApi.js';
import { FakeBridge, flush } from './fakeBridge.js';
import { card, CUSTOMER_ID } from './fixtures.js';
import { FakeEngine, SIP_ACCOUNT } from './softphoneFakes.js';

const MIC_1: AudioDevice = { deviceId: 'mic-1', kind: 'audioinput', label: 'USB headset mic' };
const MIC_2: AudioDevice = { deviceId: 'mic-2', kind: 'audioinput', label: 'Laptop mic' };
const OUT_1: AudioDevice = { deviceId: 'out-1', kind: 'audiooutput', label: 'USB headset' };
const OUT_2: AudioDevice = { deviceId: 'out-2', kind: 'audiooutput', label: 'Speakers' };
const choice = (d: AudioDevice) => ({ deviceId: d.deviceId, label: d.label });

describe('audio device fallback rule', () => {
  const saved: AudioDevices = { microphone: choice(MIC_1), speaker: choice(OUT_1), ringer: choice(OUT_2) };

  it('uses the chosen devices while they are connected', () => {
    expect(resolveAudioDevices(saved, [MIC_1, MIC_2, OUT_1, OUT_2])).toEqual({ microphoneId: 'mic-1', speakerId: 'out-1', ringerId: 'out-2', missing: [] });
  });

  it('falls back to the default for a device that is gone, and names it', () => {
    expect(resolveAudioDevices(saved, [MIC_2, OUT_2])).toEqual({
      microphoneId: null,
      speakerId: null,
      ringerId: 'out-2',
      missing: [
        { role: 'microphone', label: 'USB headset mic' },
        { role: 'speaker', label: 'USB headset' },
      ],
    });
  });

  it('does not mistake an input for an output with the same id', () => {
    const sameId: AudioDevice = { deviceId: 'out-1', kind: 'audioinput', label: 'odd' };
    expect(resolveAudioDevices({ microphone: null, speaker: choice(OUT_1), ringer: null }, [sameId]).missing).toEqual([{ role: 'speaker', label: 'USB headset' }]);
  });

  it('keeps the choice when the page cannot see device ids yet (no permission), and default means default', () => {
    const hidden: AudioDevice[] = [
      { deviceId: '', kind: 'audioinput', label: '' },
      { deviceId: '', kind: 'audiooutput', label: '' },
    ];
    expect(resolveAudioDevices(saved, hidden)).toMatchObject({ microphoneId: 'mic-1', speakerId: 'out-1', missing: [] });
    expect(resolveAudioDevices({ microphone: { deviceId: 'default', label: 'Default' }, speaker: null, ringer: null }, [MIC_1])).toMatchObject({ microphoneId: null, missing: [] });
  });
});

type Recorded = MethodInput<'interactions.record'>;

async function started(devices: AudioDeviceList = [MIC_1, MIC_2, OUT_1, OUT_2], saved: AudioDevices = { microphone: null, speaker: null, ringer: null }) {
  const engine = new FakeEngine();
  const bridge = new FakeBridge();
  let t = Date.parse('2026-11-23T06:00:00.000Z');
  let figures = { calls: 0, averageHandleSeconds: 0, followUpsDone: 0 };
  const list = { devices };
  bridge
    .handle('softphone.account', () => SIP_ACCOUNT)
    .handle('softphone.audioDevices', () => saved)
    .handle('softphone.setAudioDevices', (input) => input as AudioDevices)
    .handle('agent.figuresToday', () => figures)
    .handle('customers.screenPop', ({ phone }) => (phone === '13800138000' ? { phone: '+8613800138000', card: card() } : { phone: null, card: null }))
    .handle('interactions.record', (input) => {
      const i = input as Recorded;
      if (!['missed', 'turned_away'].includes(i.disposition)) figures = { ...figures, calls: figures.calls + 1 };
      return { ...i, id: crypto.randomUUID(), version: 0, deleted: false, branchId: crypto.randomUUID(), agentId: crypto.randomUUID() } as never;
    });
  const store = createSoftphoneStore(bridge, {
    createEngine: () => engine,
    now: () => t,
    qualityIntervalMs: 0,
    mediaDevices: () => ({ enumerateDevices: async () => list.devices as MediaDeviceInfo[] }),
  });
  await store.getState().start();
  engine.registration('registered');
  await store.getState().setAgentState('ready');
  return { store, engine, bridge, list, advance: (ms: number) => (t += ms) };
}
type AudioDeviceList = AudioDevice[];

describe('softphone store: devices, unanswered calls, figures, attended transfer', () => {
  it('applies the saved devices before the first call and saves a new choice for the seat', async () => {
    const { store, engine, bridge, list } = await started(undefined, { microphone: choice(MIC_2), speaker: null, ringer: choice(OUT_2) });
    expect(engine.devices).toEqual({ microphoneId: 'mic-2', speakerId: null });
    expect(store.getState().audio.resolved.ringerId).toBe('out-2');

    await store.getState().chooseAudioDevice('speaker', 'out-1');
    expect(engine.devices).toEqual({ microphoneId: 'mic-2', speakerId: 'out-1' });
    expect(bridge.callsOf('softphone.setAudioDevices').at(-1)).toEqual({ microphone: choice(MIC_2), speaker: choice(OUT_1), ringer: choice(OUT_2) });

    // the headset is unplugged: defaults, and the note lists it
    list.devices = [MIC_1, OUT_2];
    await store.getState().refreshAudioDevices();
    expect(engine.devices).toEqual({ microphoneId: null, speakerId: null });
    expect(store.getState().audio.resolved.missing.map((m) => m.role)).toEqual(['microphone', 'speaker']);
  });

  it('saves a call the caller gave up on as missed, with its ring time, on the popped customer', async () => {
    const { store, engine, bridge, advance } = await started();
    const id = engine.incoming('13800138000');
    advance(7400);
    engine.emit({ type: 'terminated', id, reason: null });
    await flush();
    expect(store.getState()).toMatchObject({ agentState: 'ready', wrapUp: null });
    expect(bridge.callsOf('interactions.record')).toEqual([
      expect.objectContaining({ customerId: CUSTOMER_ID, direction: 'inbound', ringSeconds: 7, talkSeconds: 0, wrapUpSeconds: 0, disposition: 'missed' }),
    ]);
    expect(store.getState().interactionsSaved).toBe(1);
    expect(store.getState().figures?.calls).toBe(0);
  });

  it('saves calls turned away (rejected, or not ready) on the customer; unknown numbers are not kept', async () => {
    const { store, engine, bridge } = await started();
    engine.incoming('13800138000');
    store.getState().reject();
    engine.emit({ type: 'terminated', id: store.getState().call!.id, reason: null });
    await store.getState().setAgentState('not_ready', 'meal');
    engine.incoming('13800138000');
    engine.incoming('17099887766');
    await flush();
    await flush();
    const saved = bridge.callsOf('interactions.record') as Recorded[];
    expect(saved.map((r) => [r.disposition, r.customerId])).toEqual([
      ['turned_away', CUSTOMER_ID],
      ['turned_away', CUSTOMER_ID],
    ]);
  });

  it('refreshes the figures after a wrap-up', async () => {
    const { store, engine } = await started();
    await flush();
    expect(store.getState().figures?.calls).toBe(0);
    const id = engine.incoming('13800138000');
    await store.getState().answer();
    engine.emit({ type: 'established', id });
    engine.emit({ type: 'terminated', id, reason: null });
    store.getState().setDisposition('resolved');
    expect(await store.getState().submitWrapUp()).toBe(true);
    await flush();
    expect(store.getState().figures?.calls).toBe(1);
  });

  it('attended transfer: consult holds the customer, cancel resumes them; complete refers and wraps up as transferred', async () => {
    const { store, engine } = await started();
    const id = engine.incoming('13800138000');
    await store.getState().answer();
    engine.emit({ type: 'established', id });

    await store.getState().startConsult('1002');
    const consult = store.getState().consult!;
    expect(engine.log).toEqual(expect.arrayContaining([`hold ${id} true`, 'dial 1002']));
    expect(store.getState().call?.held).toBe(true);
    await store.getState().completeConsult(); // not answered yet: nothing happens
    expect(engine.log.some((l) => l.startsWith('attended-transfer'))).toBe(false);
    engine.emit({ type: 'established', id: consult.id });
    expect(store.getState().consult?.phase).toBe('established');

    await store.getState().cancelConsult();
    expect(engine.log).toContain(`hangup ${consult.id}`);
    engine.emit({ type: 'terminated', id: consult.id, reason: null });
    await flush();
    expect(store.getState().consult).toBeNull();
    expect(engine.log).toContain(`hold ${id} false`);
    expect(store.getState().call).toMatchObject({ id, held: false, phase: 'established' });

    await store.getState().startConsult('1002');
    const second = store.getState().consult!;
    engine.emit({ type: 'established', id: second.id });
    // the engine ends both legs while it transfers
    const transfer = store.getState().completeConsult();
    expect(store.getState().transferring).toBe(true);
    engine.emit({ type: 'terminated', id, reason: null });
    engine.emit({ type: 'terminated', id: second.id, reason: null });
    await transfer;
    expect(engine.log).toContain(`attended-transfer ${id} ${second.id}`);
    expect(store.getState()).toMatchObject({ consult: null, transferring: false, agentState: 'wrap_up', wrapUp: { disposition: 'transferred' } });
    expect(engine.log.filter((l) => l === `hold ${id} false`)).toHaveLength(1); // not resumed after the transfer
  });

  it('the wrap-up offers only the dispositions an agent chooses', () => {
    expect(WRAP_UP_DISPOSITIONS).not.toContain('missed');
    expect(WRAP_UP_DISPOSITIONS).not.toContain('turned_away');
    expect(WRAP_UP_DISPOSITIONS).toContain('transferred');
  });
});

describe('the seat file of audio devices', () => {
  it('remembers the choice for the seat, and reads a missing or damaged file as the defaults', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const { AudioDeviceSettings } = await import('../../main/services/audioDeviceSettings.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audio-devices-'));
    try {
      const settings = new AudioDeviceSettings(dir);
      expect(settings.read()).toEqual({ microphone: null, speaker: null, ringer: null });
      const chosen: AudioDevices = { microphone: choice(MIC_2), speaker: choice(OUT_1), ringer: null };
      settings.write(chosen);
      expect(new AudioDeviceSettings(dir).read()).toEqual(chosen);
      fs.writeFileSync(path.join(dir, 'audio-devices.json'), '{"microphone": 42');
      expect(new AudioDeviceSettings(dir).read()).toEqual({ microphone: null, speaker: null, ringer: null });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
