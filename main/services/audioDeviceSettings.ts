import fs from 'node:fs';
import path from 'node:path';
import { AudioDevices, DEFAULT_AUDIO_DEVICES } from '../../shared/audioDevices.js';

/**
 * The seat's softphone audio devices, in a small JSON file beside the agents' caches: devices
 * belong to the machine, not to the agent (the caches are per agent), and a file needs no cache
 * migration. Written atomically (temp file + rename) so a crash never leaves half a file.
 */
export class AudioDeviceSettings {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.resolve(dataDir, 'audio-devices.json');
  }

  read(): AudioDevices {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return DEFAULT_AUDIO_DEVICES;
    }
    // A damaged or outdated file means "defaults", never a phone that cannot start.
    try {
      const parsed = AudioDevices.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : DEFAULT_AUDIO_DEVICES;
    } catch {
      return DEFAULT_AUDIO_DEVICES;
    }
  }

  write(devices: AudioDevices): AudioDevices {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(devices, null, 2)}\n`);
    fs.renameSync(temp, this.file);
    return devices;
  }
}
