import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTE_MAX_CHARS } from '../../../shared/domain/note.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import { reassignReasonRefusal } from '../../../shared/domain/teamReassignment.js';
import { useAppStore, useStores } from '../app/stores.js';
import { OrderActionControl } from './OrderActionControl.js';
import { canHandOver, handoverCandidates } from './orderOwnerStore.js';

/**
 * Owner handover of one order: a button opening a small form with the branch's other agents.
 * Enter hands over, Esc closes and gives the focus back to the button.
 */
export function OwnerControl({ order }: { order: ServiceOrder }) {
  const { t } = useTranslation();
  const { orderOwner } = useStores();
  const agents = useAppStore('orderOwner', (s) => s.agents);
  const ownerAgentId = useAppStore('orderOwner', (s) => s.ownerAgentId);
  const pending = useAppStore('orderOwner', (s) => s.pending);
  const note = useAppStore('orderOwner', (s) => s.note);
  const me = useAppStore('session', (s) => s.session?.agent ?? null);
  const selectId = `owner${useId().replace(/[^\w-]/g, '')}`;
  if (!canHandOver(order)) return null;
  const candidates = handoverCandidates(agents, order.ownerAgentId);
  // A supervisor moving a colleague's open order to another colleague reassigns it: the same rule as the seat's and the backend's check.
  const reasonRequired = me !== null && ownerAgentId !== '' && reassignReasonRefusal(order, ownerAgentId, '', me, 'note') !== null;

  return (
    <OrderActionControl action="handover" order={order} className="owner-control" buttonLabel={t('handover.open')} submitDisabled={pending || candidates.length === 0}>
      <label className="field-label" htmlFor={selectId}>
        {t('handover.newOwner')}
      </label>
      <select id={selectId} data-testid="handover-agent" autoFocus value={ownerAgentId} onChange={(e) => orderOwner.getState().choose(e.target.value)}>
        {candidates.length === 0 ? <option value="">{pending ? t('handover.loading') : t('handover.noAgent')}</option> : null}
        {candidates.map((a) => (
          <option key={a.id} value={a.id}>
            {a.role === 'supervisor' ? t('handover.supervisorOption', { name: a.displayName, login: a.login }) : t('handover.agentOption', { name: a.displayName, login: a.login })}
          </option>
        ))}
      </select>
      <label className="field-label" htmlFor={`${selectId}-note`}>
        {reasonRequired ? t('handover.reasonRequired') : t('handover.note')}
      </label>
      <input
        id={`${selectId}-note`}
        data-testid="handover-note"
        type="text"
        maxLength={NOTE_MAX_CHARS}
        placeholder={t('handover.notePlaceholder')}
        aria-required={reasonRequired}
        value={note}
        onChange={(e) => orderOwner.getState().setNote(e.target.value)}
      />
    </OrderActionControl>
  );
}
