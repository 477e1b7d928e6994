import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSeatConfig } from '../services/seatConfigLoader.js';
import { WorkstationService } from '../services/workstationService.js';
import { startSeatHost } from './seatHost.js';
import { appVersion } from '../appVersion.js';

/** `npm run seat`: the browser seat — the main-process services plus the renderer, on loopback. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

try {
  const config = loadSeatConfig();
  const service = new WorkstationService({ config, host: 'browser-seat', appVersion });
  const seat = await startSeatHost({
    service,
    rendererDir: process.env.RENDERER_DIR ?? path.join(repoRoot, 'dist/renderer'),
    port: Number(process.env.SEAT_PORT ?? 5174),
  });
  console.log(`Browser seat ready: open ${seat.openUrl}  (backend ${config.backendUrl}, seat ${config.seatCode})`);
  const shutdown = async () => {
    service.close();
    await seat.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
} catch (error) {
  console.error(`Browser seat could not start: ${(error as Error).message}`);
  process.exit(1);
}
