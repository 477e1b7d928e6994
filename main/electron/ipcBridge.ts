import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { EVENT_CHANNEL, callChannel } from '../../shared/ipcChannels.js';
import { workstationMethods, type WorkstationMethod } from '../../shared/workstationApi.js';
import type { DispatchResult, WorkstationService } from '../services/workstationService.js';
import { isTrustedSender } from '../windowPolicy.js';

/** What answers the contract: the workstation service, or the first-run setup before a seat file exists. */
export type ContractService = Pick<WorkstationService, 'dispatch' | 'on'>;

/**
 * Registers one IPC handler per contract method. Each checks that the sender is our own main
 * frame, then hands the payload to the service, which validates it against the shared schema.
 * The renderer never sees the IPC event object.
 */
export function registerWorkstationIpc(ipcMain: IpcMain, service: ContractService, target: () => WebContents | null): () => void {
  const methods = Object.keys(workstationMethods) as WorkstationMethod[];
  for (const method of methods) {
    ipcMain.handle(callChannel(method), async (event: IpcMainInvokeEvent, input: unknown): Promise<DispatchResult> => {
      const frame = event.senderFrame;
      if (!frame || !isTrustedSender(frame.url, frame === event.sender.mainFrame)) {
        return { ok: false, error: { code: 'bad_input', message: 'IPC call from an untrusted frame refused' } };
      }
      return service.dispatch(method, input);
    });
  }
  const unsubscribe = service.on((event, payload) => {
    // The window may be closed (its webContents destroyed) while the service still reports.
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, { event, payload });
  });
  return () => {
    unsubscribe();
    for (const method of methods) ipcMain.removeHandler(callChannel(method));
  };
}
