import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, callChannel } from '../shared/ipcChannels.js';
import type { CallResult, RawWorkstationBridge } from '../shared/rawBridge.js';
import type { WorkstationMethod } from '../shared/workstationApi.js';

/**
 * Exposes the workstation contract as `window.workstationIpc`, nothing more: no ipcRenderer, no
 * event objects. Bundled to one small CommonJS file because a sandboxed preload cannot load
 * modules. Validation happens in main, where every contract method has its own handler.
 */
const bridge: RawWorkstationBridge = {
  async invoke(method, input): Promise<CallResult> {
    try {
      return (await ipcRenderer.invoke(callChannel(method as WorkstationMethod), input)) as CallResult;
    } catch (error) {
      return { ok: false, error: { code: 'internal', message: (error as Error).message } };
    }
  },
  on(event, listener) {
    const handler = (_e: unknown, message: { event: string; payload: unknown }) => {
      if (message.event === event) listener(message.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('workstationIpc', bridge);
