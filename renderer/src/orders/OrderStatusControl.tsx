import './orders.css';
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceOrder, ServiceOrderStatus } from '../../../shared/domain/serviceOrder.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { InOrderFormSlot } from './orderFormSlot.js';
import { statusChoices, type OrderStep } from './orderStatusStore.js';

/**
 * The next steps of one order row, one button each (accept, start service, wait for parts, complete,
 * cancel, close). Completing and cancelling open their small form (what the step records); a step
 * on another agent's order asks "take it over?" first. Esc closes a form and gives the focus back.
 */
export function OrderStatusControl({ order }: { order: ServiceOrder }) {
  const { t } = useTranslation();
  const { orderStatus } = useStores();
  const busy = useAppStore('orderStatus', (s) => Boolean(s.busy[order.id]));
  const error = useAppStore('orderStatus', (s) => s.errors[order.id]);
  const form = useAppStore('orderStatus', (s) => (s.form?.orderId === order.id ? s.form : null));
  const takeover = useAppStore('orderStatus', (s) => (s.takeover?.orderId === order.id ? s.takeover : null));
  const buttons = useRef<Partial<Record<ServiceOrderStatus, HTMLButtonElement | null>>>({});
  const choices = statusChoices(order.status);

  const backTo = (status: ServiceOrderStatus | undefined) => {
    orderStatus.getState().dismiss();
    if (status) buttons.current[status]?.focus();
  };
  const label = (status: OrderStep) => (status === 'in_service' && order.status === 'parts_pending' ? t('orderActions.partsArrived') : t(`orderActions.step.${status}`));

  return (
    <>
      {choices.length > 0 ? (
        <span className="order-steps" role="group" aria-label={t('orderActions.stepsLabel', { number: order.orderNumber })}>
          {choices.map((status) => (
            <button
              key={status}
              ref={(el) => {
                buttons.current[status] = el;
              }}
              type="button"
              className={status === 'cancelled' ? 'button button-small button-quiet-danger' : 'button button-small'}
              data-testid="order-step"
              data-status={status}
              disabled={busy}
              aria-expanded={status === 'completed' || status === 'cancelled' ? form?.status === status : undefined}
              onClick={() => (form?.status === status ? backTo(status) : void orderStatus.getState().request(order, status))}
            >
              {label(status)}
            </button>
          ))}
        </span>
      ) : null}
      {form ? <StepForm order={order} status={form.status} onClose={() => backTo(form.status)} /> : null}
      {takeover ? (
        <InOrderFormSlot>
          <div
            className="confirm-box"
            role="alertdialog"
            aria-label={t('orderActions.takeoverQuestion', { number: order.orderNumber })}
            data-testid="order-takeover"
            onKeyDown={(e) => {
              if (e.key !== 'Escape') return;
              e.preventDefault();
              backTo(takeover.status);
            }}
          >
            <span>{t('orderActions.takeoverQuestion', { number: order.orderNumber })}</span>
            <span className="confirm-buttons">
              <button type="button" className="button button-primary button-small" data-testid="order-takeover-confirm" autoFocus onClick={() => void orderStatus.getState().confirmTakeover(order)}>
                {t('orderActions.takeoverYes')}
              </button>
              <button type="button" className="button button-small" data-testid="order-takeover-keep" onClick={() => backTo(takeover.status)}>
                {t('orderActions.takeoverNo')}
              </button>
            </span>
          </div>
        </InOrderFormSlot>
      ) : null}
      {error && !form ? (
        <InOrderFormSlot>
          <ErrorText error={error} testId="order-error" className="order-error" />
        </InOrderFormSlot>
      ) : null}
    </>
  );
}

/** The completion form (resolution, parts, fee, technician) or the cancellation form (reason). Enter makes the step. */
function StepForm({ order, status, onClose }: { order: ServiceOrder; status: 'completed' | 'cancelled'; onClose: () => void }) {
  const { t } = useTranslation();
  const { orderStatus } = useStores();
  const fields = useAppStore('orderStatus', (s) => s.fields);
  const busy = useAppStore('orderStatus', (s) => Boolean(s.busy[order.id]));
  const error = useAppStore('orderStatus', (s) => s.errors[order.id]);
  const formId = `step${useId().replace(/[^\w-]/g, '')}`;
  const set = orderStatus.getState().set;
  const completing = status === 'completed';

  return (
    <InOrderFormSlot>
      <form
        className="dispatch-form step-form"
        data-testid={completing ? 'complete-form' : 'cancel-form'}
        aria-label={t(completing ? 'orderActions.completeHeading' : 'orderActions.cancelHeading', { number: order.orderNumber })}
        aria-busy={busy}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void orderStatus.getState().submitForm(order);
        }}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.preventDefault();
          onClose();
        }}
      >
        <strong className="step-form-heading">{t(completing ? 'orderActions.completeHeading' : 'orderActions.cancelHeading', { number: order.orderNumber })}</strong>
        {completing ? (
          <>
            <label className="field-label" htmlFor={`${formId}-resolution`}>
              {t('orderActions.resolution')}
            </label>
            <input id={`${formId}-resolution`} data-testid="complete-resolution" autoFocus maxLength={1000} value={fields.resolution} onChange={(e) => set({ resolution: e.target.value })} />
            <label className="field-label" htmlFor={`${formId}-parts`}>
              {t('orderActions.parts')}
            </label>
            <input id={`${formId}-parts`} data-testid="complete-parts" placeholder={t('orderActions.partsPlaceholder')} value={fields.parts} onChange={(e) => set({ parts: e.target.value })} />
            <label className="field-label" htmlFor={`${formId}-fee`}>
              {t('orderActions.fee')}
            </label>
            <input id={`${formId}-fee`} data-testid="complete-fee" className="fee-input" type="number" min={0} step={1} value={fields.fee} onChange={(e) => set({ fee: e.target.value })} />
            <label className="field-label" htmlFor={`${formId}-technician`}>
              {t('orderActions.technician')}
            </label>
            <input id={`${formId}-technician`} data-testid="complete-technician" maxLength={100} value={fields.technician} onChange={(e) => set({ technician: e.target.value })} />
          </>
        ) : (
          <>
            <label className="field-label" htmlFor={`${formId}-reason`}>
              {t('orderActions.cancelReason')}
            </label>
            <input id={`${formId}-reason`} data-testid="cancel-reason" autoFocus maxLength={500} value={fields.cancelReason} onChange={(e) => set({ cancelReason: e.target.value })} />
          </>
        )}
        <button type="submit" className={completing ? 'button button-primary button-small' : 'button button-danger button-small'} data-testid={completing ? 'complete-submit' : 'cancel-submit'} disabled={busy}>
          {busy ? t('orderActions.changing') : t(completing ? 'orderActions.completeSubmit' : 'orderActions.cancelSubmit')}
        </button>
        <button type="button" className="button button-small" onClick={onClose}>
          {t('orderActions.back')}
        </button>
        {error ? <ErrorText error={error} testId="order-error" className="order-error" /> : null}
      </form>
    </InOrderFormSlot>
  );
}
