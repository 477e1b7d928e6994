import { NO_PHONE, type DesktopCommand, type PhoneStatus } from '../../../shared/desktopLink.js';

/**
 * The host's side of the page's phone: the last status the page reported (tray, quit question)
 * and the commands sent to it. A call link that arrives before an agent is logged in (the app
 * started by clicking a tel: link) waits for the login; other commands mean nothing then.
 */
export class DesktopChannel {
  private current: PhoneStatus = NO_PHONE;
  private waitingLink: DesktopCommand | null = null;
  private readonly listeners = new Set<(status: PhoneStatus) => void>();

  constructor(private readonly deliver: (command: DesktopCommand) => void) {}

  get phone(): PhoneStatus {
    return this.current;
  }

  report(status: PhoneStatus): void {
    this.current = status;
    for (const listener of this.listeners) listener(status);
    if (status.loggedIn && this.waitingLink) {
      const link = this.waitingLink;
      this.waitingLink = null;
      this.deliver(link);
    }
  }

  send(command: DesktopCommand): void {
    if (this.current.loggedIn) this.deliver(command);
    else if (command.kind === 'callLink') this.waitingLink = command;
  }

  onPhone(listener: (status: PhoneStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
