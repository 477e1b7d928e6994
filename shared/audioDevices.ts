import { z } from 'zod';

/** One audio device the agent chose, as the browser names it (the label only for telling them it is gone). */
export const AudioDeviceChoice = z.object({
  deviceId: z.string().min(1, 'deviceId: empty').max(512),
  label: z.string().max(200),
});
export type AudioDeviceChoice = z.infer<typeof AudioDeviceChoice>;

/**
 * The seat's audio devices for the softphone: microphone, call audio (speaker / headset) and the
 * ringer, which may ring on loudspeakers while the call stays in the headset. Null: the system default.
 */
export const AudioDevices = z.object({
  microphone: AudioDeviceChoice.nullable(),
  speaker: AudioDeviceChoice.nullable(),
  ringer: AudioDeviceChoice.nullable(),
});
export type AudioDevices = z.infer<typeof AudioDevices>;

export const DEFAULT_AUDIO_DEVICES: AudioDevices = { microphone: null, speaker: null, ringer: null };
