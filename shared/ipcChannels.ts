import type { WorkstationMethod } from './workstationApi.js';

/** Electron IPC channel names, derived from the contract so preload and main cannot drift apart. */
export const callChannel = (method: WorkstationMethod): string => `workstation:call:${method}`;
export const EVENT_CHANNEL = 'workstation:event';
