/**
 * Writes resources/sip/audio/customer-8k.wav, the audio the rig's callers play (8 kHz, 16-bit,
 * mono, 4 s of tone bursts at 440/660 Hz: easy to tell from silence, no DTMF frequency in it).
 * Run once when changing it: npx tsx scripts/sip/make-audio.ts
 */
import path from 'node:path';
import { RESOURCES_DIR } from './lib/config.js';
import { makeVoiceLikeTone, writeWav } from './lib/audio.js';

const file = path.join(RESOURCES_DIR, 'audio/customer-8k.wav');
writeWav(file, makeVoiceLikeTone(4));
console.log(`wrote ${file}`);
