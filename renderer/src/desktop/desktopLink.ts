import type { DesktopCommand, PhoneStatus } from '../../../shared/desktopLink.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import type { AppStores } from '../app/stores.js';

/** The page's phone as the desktop host needs it (tray, quit question): derived from the stores. */
function phoneStatusOf(stores: AppStores): PhoneStatus {
  const phone = stores.softphone.getState();
  return {
    loggedIn: stores.session.getState().phase === 'logged_in',
    agentState: phone.agentState,
    registered: phone.registration.state === 'registered',
    callActive: phone.call !== null || phone.consult !== null,
    ringing: phone.call?.phase === 'ringing' && phone.call.direction === 'inbound',
  };
}

/** One command of the desktop host, carried out on the page's stores. */
function runDesktopCommand(stores: AppStores, command: DesktopCommand): void {
  const phone = stores.softphone.getState();
  switch (command.kind) {
    case 'callLink':
      // Dial after the agent's confirmation: the number waits in the dial box while the caller's
      // card is looked up; Enter (or the dial button) places the call.
      phone.setDialInput(command.number);
      stores.search.getState().setQuery(command.canonical ?? command.number, { debounce: false });
      void stores.search.getState().searchNow();
      return;
    case 'answer':
      if (phone.call?.phase === 'ringing' && phone.call.direction === 'inbound') void phone.answer();
      return;
    case 'hangUp':
      if (phone.call) void phone.hangup();
      return;
    case 'answerOrHangUp':
      if (phone.call?.phase === 'ringing' && phone.call.direction === 'inbound') void phone.answer();
      else if (phone.call) void phone.hangup();
      return;
    case 'away':
      if (phone.agentState === 'ready') void phone.setAgentState('not_ready', 'break');
      return;
    case 'reconnect':
      void phone.reconnect();
      return;
  }
}

/**
 * Links the page to the desktop host: reports the phone on every change that matters and runs
 * the host's commands. Returns the unlink.
 */
export function linkDesktop(bridge: WorkstationBridge, stores: AppStores): () => void {
  let last = '';
  const report = () => {
    const status = phoneStatusOf(stores);
    const key = JSON.stringify(status);
    if (key === last) return;
    last = key;
    // A host that is not there (an old seat) or a refusal changes nothing on the page.
    void bridge.call('desktop.reportPhone', status).catch(() => {});
  };
  const unsubscribes = [stores.softphone.subscribe(report), stores.session.subscribe(report), bridge.on('desktop.command', (command) => runDesktopCommand(stores, command))];
  report();
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
