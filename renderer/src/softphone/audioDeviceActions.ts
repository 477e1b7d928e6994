import type { AudioDevices } from '../../../shared/audioDevices.js';
import { KIND_OF_ROLE, resolveAudioDevices, type AudioDevice } from './audioDevices.js';
import type { PhoneContext } from './phoneContext.js';
import type { SoftphoneState } from './softphoneState.js';

function browserMediaDevices(): Pick<MediaDevices, 'enumerateDevices'> | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
}

/** Microphone, speaker and ringer: the seat's saved choice, the devices connected now, the fallback for those gone. */
export function audioDeviceActions(
  ctx: PhoneContext,
): Pick<SoftphoneState, 'refreshAudioDevices' | 'chooseAudioDevice' | 'toggleDevicesPanel' | 'closeDevicesPanel'> {
  const { set, get } = ctx;
  const mediaDevices = ctx.options.mediaDevices ?? browserMediaDevices;

  const applyAudio = (saved: AudioDevices, available: AudioDevice[]) => {
    const resolved = resolveAudioDevices(saved, available);
    set({ audio: { saved, available, resolved } });
    ctx.engine?.setAudioDevices({ microphoneId: resolved.microphoneId, speakerId: resolved.speakerId });
  };

  return {
    async refreshAudioDevices() {
      let available: AudioDevice[] = [];
      try {
        const listed = (await mediaDevices()?.enumerateDevices()) ?? [];
        available = listed.filter((d) => d.kind === 'audioinput' || d.kind === 'audiooutput').map((d) => ({ deviceId: d.deviceId, kind: d.kind, label: d.label }));
      } catch {
        // no device list (no permission, no media support): the defaults are used
      }
      applyAudio(get().audio.saved, available);
    },

    async chooseAudioDevice(role, deviceId) {
      const { audio } = get();
      const device = audio.available.find((d) => d.deviceId === deviceId && d.kind === KIND_OF_ROLE[role]);
      const saved: AudioDevices = { ...audio.saved, [role]: device ? { deviceId, label: device.label } : null };
      applyAudio(saved, audio.available);
      await ctx.act(() => ctx.bridge.call('softphone.setAudioDevices', saved));
    },

    toggleDevicesPanel() {
      set({ devicesPanelOpen: !get().devicesPanelOpen });
    },

    closeDevicesPanel() {
      set({ devicesPanelOpen: false });
    },
  };
}
