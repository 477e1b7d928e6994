import { useNow } from '../app/useNow.js';
import { formatDuration } from './callDisplay.js';
import type { ActiveCall } from './softphoneStore.js';

export function CallTimer({ call }: { call: ActiveCall }) {
  const now = useNow(500);
  const since = call.answeredAt ?? call.startedAt;
  return (
    <span className="call-timer" data-testid="call-timer" data-phase={call.phase}>
      {formatDuration(now - since)}
    </span>
  );
}
