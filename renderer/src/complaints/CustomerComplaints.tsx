import '../forms/forms.css';
import './complaints.css';
import { useId, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CompensationKind,
  ComplaintCategory,
  ComplaintChannel,
  ComplaintSeverity,
  complaintNextDeadline,
  type Complaint,
} from '../../../shared/domain/complaint.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import { ErrorText } from '../app/ErrorText.js';
import { GridTable } from '../app/GridTable.js';
import { useAppStore, useStores } from '../app/stores.js';
import { useNow } from '../app/useNow.js';
import { fieldErrorId } from '../forms/FieldError.js';
import type { FieldProblem } from '../forms/fieldErrors.js';
import { refusalText } from '../i18n/errorMessages.js';
import { formatDateTime } from '../i18n/format.js';
import { nextSteps, type ComplaintField, type StepField } from './complaintsStore.js';

const MINUTE_MS = 60_000;

/** Enter submits the form from a multi-line box too (as every form here); Shift+Enter starts a new line. */
function submitOnEnter(event: KeyboardEvent<HTMLTextAreaElement>): void {
  if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing || event.keyCode === 229) return;
  event.preventDefault();
  event.currentTarget.form?.requestSubmit();
}

/** A field's problem in the agent's language: "required", the refusal, or the field's rule. */
function ProblemText({ formId, field, problem }: { formId: string; field: ComplaintField | StepField; problem: FieldProblem | undefined }) {
  const { t } = useTranslation();
  if (!problem) return null;
  const text =
    problem.kind === 'required' && field === 'customerWords'
      ? t('complaints.rule.customerWords')
      : problem.refusal
        ? refusalText(t, problem.refusal)
        : Object.hasOwn(RULES, field)
          ? t(`complaints.rule.${RULES[field as keyof typeof RULES]}`)
          : problem.message;
  return (
    <span className="field-error" id={fieldErrorId(formId, field)} role="alert" data-testid="field-error" data-field={field} title={problem.message}>
      {text}
    </span>
  );
}

/** The fields whose rule the form words itself. */
const RULES = {
  customerWords: 'customerWords',
  customerWants: 'customerWants',
  technicianName: 'technicianName',
  promisedBy: 'promisedBy',
  resolution: 'resolution',
  compensationYuan: 'compensationYuan',
  reason: 'reason',
} as const;

function Field({ formId, field, label, problem, wide, children }: { formId: string; field: ComplaintField | StepField; label: string; problem: FieldProblem | undefined; wide?: boolean; children: ReactNode }) {
  return (
    <div className={`field${wide ? ' field-wide' : ''}${problem ? ' has-error' : ''}`}>
      <label className="field-label" htmlFor={`${formId}-${field}`}>
        {label}
      </label>
      {children}
      <ProblemText formId={formId} field={field} problem={problem} />
    </div>
  );
}

/** The input's accessibility wiring for its field. */
const described = (formId: string, field: string, problem: FieldProblem | undefined) => ({
  id: `${formId}-${field}`,
  'aria-invalid': problem ? true : undefined,
  'aria-describedby': problem ? fieldErrorId(formId, field) : undefined,
});

/** Taking a complaint on a call: what it is about, how serious, the customer's words and wish, a promised time. */
function ComplaintForm({ orders }: { orders: readonly ServiceOrder[] }) {
  const { t } = useTranslation();
  const { complaints } = useStores();
  const form = useAppStore('complaints', (s) => s.form);
  const fieldErrors = useAppStore('complaints', (s) => s.fieldErrors);
  const error = useAppStore('complaints', (s) => s.error);
  const pending = useAppStore('complaints', (s) => s.pending);
  const formRef = useRef<HTMLFormElement>(null);
  const formId = `complaint${useId().replace(/[^\w-]/g, '')}`;
  if (!form) return null;
  const set = complaints.getState().setForm;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const made = await complaints.getState().submit();
    if (!made) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    else document.querySelector<HTMLElement>('[data-testid="new-complaint-button"]')?.focus();
  };

  return (
    <form
      ref={formRef}
      className="entity-form entity-form-inline complaint-form"
      data-testid="complaint-form"
      aria-labelledby={`${formId}-heading`}
      aria-busy={pending}
      noValidate
      onSubmit={(e) => void onSubmit(e)}
      onKeyDown={(e) => {
        if (e.nativeEvent.isComposing || e.keyCode === 229) return;
        if (e.key === 'Escape') {
          complaints.getState().cancelForm();
          document.querySelector<HTMLElement>('[data-testid="new-complaint-button"]')?.focus();
        }
      }}
    >
      <header className="form-head">
        <h3 id={`${formId}-heading`}>{t('complaints.formHeading')}</h3>
      </header>
      <div className="form-grid complaint-grid">
        <Field formId={formId} field="category" label={t('complaints.category')} problem={fieldErrors.category}>
          <select {...described(formId, 'category', fieldErrors.category)} data-testid="complaint-category" autoFocus value={form.category} onChange={(e) => set({ category: e.target.value as ComplaintCategory })}>
            {ComplaintCategory.options.map((value) => (
              <option key={value} value={value}>
                {t(`complaints.categoryName.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field formId={formId} field="severity" label={t('complaints.severity')} problem={fieldErrors.severity}>
          <select {...described(formId, 'severity', fieldErrors.severity)} data-testid="complaint-severity" value={form.severity} onChange={(e) => set({ severity: e.target.value as ComplaintSeverity })}>
            {ComplaintSeverity.options.map((value) => (
              <option key={value} value={value}>
                {t(`complaints.severityName.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field formId={formId} field="channel" label={t('complaints.channel')} problem={fieldErrors.channel}>
          <select {...described(formId, 'channel', fieldErrors.channel)} data-testid="complaint-channel" value={form.channel} onChange={(e) => set({ channel: e.target.value as ComplaintChannel })}>
            {ComplaintChannel.options.map((value) => (
              <option key={value} value={value}>
                {t(`complaints.channelName.${value}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field formId={formId} field="orderId" label={t('complaints.order')} problem={fieldErrors.orderId}>
          <select
            {...described(formId, 'orderId', fieldErrors.orderId)}
            data-testid="complaint-order"
            value={form.orderId}
            // The complaint is about the order's outlet too.
            onChange={(e) => set({ orderId: e.target.value, outletId: orders.find((o) => o.id === e.target.value)?.outletId ?? null })}
          >
            <option value="">{t('complaints.noOrder')}</option>
            {orders.map((o) => (
              <option key={o.id} value={o.id}>
                {`${o.orderNumber} · ${t(`orderType.${o.type}`)} · ${t(`orderStatus.${o.status}`)}`}
              </option>
            ))}
          </select>
        </Field>
        <Field formId={formId} field="technicianName" label={t('complaints.technician')} problem={fieldErrors.technicianName}>
          <input {...described(formId, 'technicianName', fieldErrors.technicianName)} data-testid="complaint-technician" maxLength={60} value={form.technicianName} onChange={(e) => set({ technicianName: e.target.value })} />
        </Field>
        <Field formId={formId} field="promisedBy" label={t('complaints.promisedBy')} problem={fieldErrors.promisedBy}>
          <input {...described(formId, 'promisedBy', fieldErrors.promisedBy)} data-testid="complaint-promised-by" type="datetime-local" value={form.promisedBy} onChange={(e) => set({ promisedBy: e.target.value })} />
        </Field>
        <Field formId={formId} field="customerWords" label={t('complaints.customerWords')} problem={fieldErrors.customerWords} wide>
          <textarea
            {...described(formId, 'customerWords', fieldErrors.customerWords)}
            data-testid="complaint-words"
            rows={3}
            maxLength={2000}
            value={form.customerWords}
            onChange={(e) => set({ customerWords: e.target.value })}
            onKeyDown={submitOnEnter}
          />
        </Field>
        <Field formId={formId} field="customerWants" label={t('complaints.customerWants')} problem={fieldErrors.customerWants} wide>
          <input {...described(formId, 'customerWants', fieldErrors.customerWants)} data-testid="complaint-wants" maxLength={1000} value={form.customerWants} onChange={(e) => set({ customerWants: e.target.value })} />
        </Field>
      </div>
      {error ? <ErrorText error={error} testId="complaint-error" /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="complaint-submit" disabled={pending}>
          {t('complaints.submit')}
        </button>
        <button type="button" className="button" data-testid="complaint-cancel" onClick={() => complaints.getState().cancelForm()}>
          {t('complaints.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The step being taken on one complaint; resolving asks how, and the compensation given. */
function StepForm({ complaint }: { complaint: Complaint }) {
  const { t } = useTranslation();
  const { complaints } = useStores();
  const step = useAppStore('complaints', (s) => s.step);
  const stepErrors = useAppStore('complaints', (s) => s.stepErrors);
  const stepError = useAppStore('complaints', (s) => s.stepError);
  const pending = useAppStore('complaints', (s) => s.stepPending);
  const formId = `complaint-step${useId().replace(/[^\w-]/g, '')}`;
  if (!step || step.complaintId !== complaint.id) return null;
  const set = complaints.getState().setStep;
  const backToRow = () => document.querySelector<HTMLElement>(`[data-testid="complaint-row"][data-complaint-id="${complaint.id}"] button`)?.focus();
  return (
    <form
      className="entity-form entity-form-inline complaint-step-form"
      data-testid="complaint-step-form"
      data-to={step.to}
      aria-labelledby={`${formId}-heading`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void complaints
          .getState()
          .submitStep()
          .then((changed) => {
            if (changed) backToRow();
          });
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          complaints.getState().cancelStep();
          backToRow();
        }
      }}
    >
      <header className="form-head">
        <h3 id={`${formId}-heading`}>{t(`complaints.step.${step.to}`)}</h3>
        <span className="muted">{complaint.customerWords}</span>
      </header>
      {step.to === 'resolved' ? (
        <div className="form-grid complaint-grid">
          <Field formId={formId} field="resolution" label={t('complaints.resolution')} problem={stepErrors.resolution} wide>
            <textarea
              {...described(formId, 'resolution', stepErrors.resolution)}
              data-testid="complaint-resolution"
              autoFocus
              rows={2}
              maxLength={2000}
              value={step.resolution}
              onChange={(e) => set({ resolution: e.target.value })}
              onKeyDown={submitOnEnter}
            />
          </Field>
          <Field formId={formId} field="compensationKind" label={t('complaints.compensationKind')} problem={stepErrors.compensationKind}>
            <select
              {...described(formId, 'compensationKind', stepErrors.compensationKind)}
              data-testid="complaint-compensation"
              value={step.compensationKind}
              onChange={(e) => set({ compensationKind: e.target.value as CompensationKind })}
            >
              {CompensationKind.options.map((value) => (
                <option key={value} value={value}>
                  {t(`complaints.compensationName.${value}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field formId={formId} field="compensationYuan" label={t('complaints.compensationYuan')} problem={stepErrors.compensationYuan}>
            <input
              {...described(formId, 'compensationYuan', stepErrors.compensationYuan)}
              data-testid="complaint-compensation-yuan"
              inputMode="numeric"
              value={step.compensationYuan}
              onChange={(e) => set({ compensationYuan: e.target.value })}
            />
          </Field>
        </div>
      ) : null}
      {step.to === 'reopened' ? (
        <div className="form-grid complaint-grid">
          <Field formId={formId} field="reason" label={t('complaints.reopenReason')} problem={stepErrors.reason} wide>
            <textarea
              {...described(formId, 'reason', stepErrors.reason)}
              data-testid="complaint-reopen-reason"
              autoFocus
              rows={2}
              maxLength={1000}
              value={step.reason}
              onChange={(e) => set({ reason: e.target.value })}
              onKeyDown={submitOnEnter}
            />
          </Field>
        </div>
      ) : null}
      {stepError ? <ErrorText error={stepError} testId="complaint-step-error" /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary button-small" data-testid="complaint-step-submit" disabled={pending} autoFocus={step.to !== 'resolved' && step.to !== 'reopened'}>
          {t('complaints.stepSubmit')}
        </button>
        <button type="button" className="button button-small" onClick={() => complaints.getState().cancelStep()}>
          {t('complaints.cancel')}
        </button>
      </div>
    </form>
  );
}

function ComplaintRow({ complaint, now, orders }: { complaint: Complaint; now: number; orders: readonly ServiceOrder[] }) {
  const { t } = useTranslation();
  const { complaints } = useStores();
  const deadline = complaintNextDeadline(complaint, new Date(now));
  const order = complaint.orderId ? orders.find((o) => o.id === complaint.orderId) : undefined;
  return (
    <tr data-testid="complaint-row" data-complaint-id={complaint.id} data-status={complaint.status} data-escalation={complaint.escalation} data-overdue={deadline?.overdue ?? false}>
      <td className="nowrap">{formatDateTime(complaint.receivedAt)}</td>
      <td className="nowrap">
        {t(`complaints.categoryName.${complaint.category}`)}
        <br />
        <span className={`badge complaint-severity-${complaint.severity}`}>{t(`complaints.severityName.${complaint.severity}`)}</span>
      </td>
      <td className="complaint-words">
        {complaint.customerWords}
        {order ? <span className="muted mono"> · {order.orderNumber}</span> : null}
        {complaint.technicianName ? <span className="muted"> · {complaint.technicianName}</span> : null}
        {complaint.resolution ? <span className="complaint-resolution">{complaint.resolution}</span> : null}
        {complaint.compensationKind !== 'none' ? (
          <span className="muted">
            {' '}
            · {t(`complaints.compensationName.${complaint.compensationKind}`)}
            {complaint.compensationYuan !== null ? ` ¥${complaint.compensationYuan}` : ''}
          </span>
        ) : null}
      </td>
      <td className="nowrap">
        <span className={`badge complaint-status-${complaint.status}`}>{t(`complaints.statusName.${complaint.status}`)}</span>
        {complaint.version === 0 ? <span className="muted"> {t('complaints.notSynced')}</span> : null}
      </td>
      <td className="nowrap" data-testid="complaint-deadline">
        {deadline ? t(deadline.kind === 'acknowledge' ? 'complaints.acknowledgeBy' : 'complaints.resolveBy', { due: formatDateTime(deadline.dueAt) }) : ''}
        {deadline?.overdue ? <span className="badge overdue"> {t('complaints.overdue')}</span> : null}
      </td>
      <td className="nowrap" data-testid="complaint-escalation">
        {complaint.escalation === 'none' ? <span className="muted">{t('complaints.escalationName.none')}</span> : <span className={`badge escalation-${complaint.escalation}`}>{t(`complaints.escalationName.${complaint.escalation}`)}</span>}
      </td>
      <td className="actions-cell">
        {nextSteps(complaint.status).map((to) => (
          <button key={to} type="button" className="button button-small" data-testid="complaint-step" data-to={to} onClick={() => complaints.getState().startStep(complaint.id, to)}>
            {t(`complaints.step.${to}`)}
          </button>
        ))}
      </td>
    </tr>
  );
}

/** The card's complaints: the customer's, newest first, with their deadlines and escalation, the steps to take, and the form to take one. */
export function CustomerComplaints({ orders }: { orders: readonly ServiceOrder[] }) {
  const { t } = useTranslation();
  const { complaints: store } = useStores();
  const state = useAppStore('complaints', (s) => s);
  const now = useNow(MINUTE_MS);
  const stepping = state.step ? state.complaints.find((c) => c.id === state.step?.complaintId) : undefined;
  return (
    <section className="card-section" data-testid="customer-complaints" aria-labelledby="complaints-heading">
      <div className="section-head">
        <h3 id="complaints-heading">{t('complaints.heading', { count: state.complaints.length })}</h3>
        <button
          type="button"
          className="button button-small"
          data-testid="new-complaint-button"
          title={t('complaints.addTitle')}
          aria-pressed={state.form !== null}
          onClick={() => (state.form ? store.getState().cancelForm() : store.getState().startForm())}
        >
          {t('complaints.add')}
        </button>
      </div>
      <ComplaintForm orders={orders} />
      {state.loadError ? <ErrorText error={state.loadError} testId="complaints-error" /> : null}
      {state.phase === 'loaded' && state.complaints.length === 0 ? (
        <p className="muted" data-testid="complaints-none">
          {t('complaints.none')}
        </p>
      ) : null}
      {state.complaints.length > 0 ? (
        <GridTable
          className="complaints"
          headings={[t('complaints.received'), t('complaints.category'), t('complaints.customerWords'), t('complaints.status'), t('complaints.deadline'), t('complaints.escalation'), t('card.actions')]}
        >
          {state.complaints.map((c) => (
            <ComplaintRow key={c.id} complaint={c} now={now} orders={orders} />
          ))}
        </GridTable>
      ) : null}
      {stepping ? <StepForm complaint={stepping} /> : null}
    </section>
  );
}
