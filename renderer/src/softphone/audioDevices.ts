import type { AudioDeviceChoice, AudioDevices } from '../../../shared/audioDevices.js';

/** The three roles a device plays for the softphone, and the browser's kind of device for each. */
export const AUDIO_ROLES = ['microphone', 'speaker', 'ringer'] as const;
export type AudioRole = (typeof AUDIO_ROLES)[number];
export const KIND_OF_ROLE: Record<AudioRole, MediaDeviceKind> = { microphone: 'audioinput', speaker: 'audiooutput', ringer: 'audiooutput' };

/** A device as enumerateDevices lists it (only what the softphone reads). */
export interface AudioDevice {
  deviceId: string;
  kind: MediaDeviceKind;
  label: string;
}

/** The devices to use now: a deviceId per role (null: the system default), and the chosen ones that are gone. */
export interface ResolvedAudioDevices {
  microphoneId: string | null;
  speakerId: string | null;
  ringerId: string | null;
  /** Chosen devices not connected now: the default plays their part, and the agent is told. */
  missing: { role: AudioRole; label: string }[];
}

/**
 * The fallback rule: a chosen device is used while it is connected; when it is not, the system
 * default takes its place and it is reported missing (the choice itself is kept, so it is used
 * again once plugged back in). The browser's own "default" entry means the default. When the page
 * may not see device ids yet (no microphone permission: ids are empty), the choice is kept as is.
 */
export function resolveAudioDevices(saved: AudioDevices, available: readonly AudioDevice[]): ResolvedAudioDevices {
  const missing: ResolvedAudioDevices['missing'] = [];
  const pick = (role: AudioRole, choice: AudioDeviceChoice | null): string | null => {
    if (!choice || choice.deviceId === 'default') return null;
    const ofKind = available.filter((d) => d.kind === KIND_OF_ROLE[role]);
    const hidden = ofKind.length > 0 && ofKind.every((d) => d.deviceId === '');
    if (hidden || ofKind.some((d) => d.deviceId === choice.deviceId)) return choice.deviceId;
    missing.push({ role, label: choice.label });
    return null;
  };
  return {
    microphoneId: pick('microphone', saved.microphone),
    speakerId: pick('speaker', saved.speaker),
    ringerId: pick('ringer', saved.ringer),
    missing,
  };
}

/** The devices of one kind the agent can choose from (the browser's "default" entry is the empty choice). */
export function choicesFor(role: AudioRole, available: readonly AudioDevice[]): AudioDevice[] {
  return available.filter((d) => d.kind === KIND_OF_ROLE[role] && d.deviceId !== '' && d.deviceId !== 'default');
}
