import { useEffect, useRef } from 'react';
import { useAppStore } from '../app/stores.js';
import { CustomerPane } from '../customer/CustomerCardView.js';
import { SearchPane } from '../search/SearchPane.js';
import { StatusLine } from '../sync/StatusLine.js';
import { Header } from './Header.js';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** After login: header, search on the left, the customer card on the right, the status line below. */
export function Workspace() {
  const session = useAppStore('session', (s) => s.session);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const focusSearch = () => {
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const key = event.key.toLowerCase();
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && key === 'k') {
        event.preventDefault();
        focusSearch();
      } else if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !isEditable(event.target)) {
        event.preventDefault();
        focusSearch();
      } else if (event.key === 'Escape' && event.target !== searchRef.current) {
        event.preventDefault();
        focusSearch();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  if (!session) return null;
  return (
    <div className="workspace" data-testid="workspace">
      <Header session={session} />
      <main className="panes">
        <SearchPane inputRef={searchRef} />
        <CustomerPane />
      </main>
      <StatusLine />
    </div>
  );
}
