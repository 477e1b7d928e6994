import { bridgeFromRaw, type RawWorkstationBridge } from '../../../shared/rawBridge.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { createSeatBridge } from './seatBridge.js';

declare global {
  interface Window {
    /** Set by Electron's preload; absent in the browser seat. */
    workstationIpc?: RawWorkstationBridge;
  }
}

const TOKEN_KEY = 'workstation.seatToken';

/** The page was opened in a browser without the seat host's per-launch token. */
export class MissingSeatTokenError extends Error {
  constructor() {
    super('No seat token: open the URL printed by the seat host (it ends in #token=…).');
    this.name = 'MissingSeatTokenError';
  }
}

/**
 * The workstation API for this page: Electron's preload bridge when present, else the browser
 * seat's WebSocket bridge, authorised by the per-launch token from the URL fragment (#token=…).
 * The fragment is removed from the address bar once read; the token stays for reloads of this tab.
 */
function resolveBridge(): WorkstationBridge {
  if (window.workstationIpc) return bridgeFromRaw(window.workstationIpc);
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  const token = fromHash ?? sessionStorage.getItem(TOKEN_KEY);
  if (!token) throw new MissingSeatTokenError();
  return createSeatBridge(window.location.origin, token);
}

let bridge: WorkstationBridge | undefined;

/**
 * The page's bridge, made on first use (not at import, so a page without a token can say so in
 * the UI instead of failing to load). Throws `MissingSeatTokenError`.
 */
export function getWorkstation(): WorkstationBridge {
  bridge ??= resolveBridge();
  return bridge;
}
