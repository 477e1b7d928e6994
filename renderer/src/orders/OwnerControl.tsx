import { useId, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { canHandOver, handoverCandidates } from './orderOwnerStore.js';

/**
 * Owner handover of one order: a button opening a small form with the branch's other agents.
 * Enter hands over, Esc closes and gives the focus back to the button.
 */
export function OwnerControl({ order }: { order: ServiceOrder }) {
  const { t } = useTranslation();
  const { orderOwner } = useStores();
  const openFor = useAppStore('orderOwner', (s) => s.orderId);
  const agents = useAppStore('orderOwner', (s) => s.agents);
  const ownerAgentId = useAppStore('orderOwner', (s) => s.ownerAgentId);
  const error = useAppStore('orderOwner', (s) => s.error);
  const pending = useAppStore('orderOwner', (s) => s.pending);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const selectId = `owner${useId().replace(/[^\w-]/g, '')}`;
  if (!canHandOver(order)) return null;
  const isOpen = openFor === order.id;
  const candidates = handoverCandidates(agents, order.ownerAgentId);

  const close = () => {
    orderOwner.getState().close();
    buttonRef.current?.focus();
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (await orderOwner.getState().submit()) buttonRef.current?.focus();
  };

  return (
    <span className="owner-control">
      <button
        ref={buttonRef}
        type="button"
        className="button button-small"
        data-testid="order-handover"
        aria-expanded={isOpen}
        onClick={() => (isOpen ? close() : void orderOwner.getState().open(order))}
      >
        {t('handover.open')}
      </button>
      {isOpen ? (
        <form
          className="dispatch-form"
          data-testid="handover-form"
          aria-label={t('handover.heading', { number: order.orderNumber })}
          aria-busy={pending}
          noValidate
          onSubmit={(e) => void onSubmit(e)}
          onKeyDown={(e) => {
            // A <select> does not submit its form on Enter by itself: Enter there submits as in the other boxes.
            if (e.key === 'Enter' && e.target instanceof HTMLSelectElement) {
              e.preventDefault();
              e.currentTarget.requestSubmit();
            }
            if (e.key !== 'Escape') return;
            e.preventDefault();
            close();
          }}
        >
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
          <button type="submit" className="button button-primary button-small" data-testid="handover-submit" disabled={pending || candidates.length === 0}>
            {t('handover.submit')}
          </button>
          <button type="button" className="button button-small" onClick={close}>
            {t('handover.cancel')}
          </button>
          {error ? <ErrorText error={error} testId="handover-error" /> : null}
        </form>
      ) : null}
    </span>
  );
}
