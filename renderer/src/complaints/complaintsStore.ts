import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  ComplaintStep,
  NewComplaint,
  nextComplaintStatuses,
  promisedByRefusal,
  type CompensationKind,
  type Complaint,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintSeverity,
  type ComplaintStatus,
} from '../../../shared/domain/complaint.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import type { RowChanges } from '../app/rowChanges.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import { splitFieldErrors, type FieldProblems } from '../forms/fieldErrors.js';
import { localBadInput } from '../forms/localIssues.js';

const COMPLAINT_FIELDS = ['category', 'severity', 'channel', 'orderId', 'technicianName', 'customerWords', 'customerWants', 'promisedBy'] as const;
export type ComplaintField = (typeof COMPLAINT_FIELDS)[number];

const STEP_FIELDS = ['resolution', 'compensationKind', 'compensationYuan', 'reason'] as const;
export type StepField = (typeof STEP_FIELDS)[number];

/** The complaint form as typed: '' for an unchosen order, a datetime-local text for the promise. */
interface ComplaintDraft {
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  channel: ComplaintChannel;
  orderId: string;
  /** The chosen order's outlet (the complaint is about it too); null without one. */
  outletId: string | null;
  technicianName: string;
  customerWords: string;
  customerWants: string;
  /** As the datetime-local box gives it (local time), '' for none. */
  promisedBy: string;
}

/** The workflow step being taken on one complaint; resolving also says how, and with what compensation. */
/** A status a step leads to (received is where a complaint starts, never a step). */
export type StepTo = Exclude<ComplaintStatus, 'received'>;

/** The statuses the complaint's next step may lead to. */
export function nextSteps(status: ComplaintStatus): StepTo[] {
  return nextComplaintStatuses(status).filter((to): to is StepTo => to !== 'received');
}

interface StepDraft {
  complaintId: string;
  to: StepTo;
  resolution: string;
  compensationKind: CompensationKind;
  compensationYuan: string;
  /** Why the complaint is reopened (reopening asks for it). */
  reason: string;
}

export interface ComplaintsState {
  customerId: string | null;
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  /** The customer's complaints, newest first ('complaints.ofCustomer'). */
  complaints: Complaint[];
  loadError: ErrorInfo | null;
  /** The new-complaint form; null: closed. */
  form: ComplaintDraft | null;
  fieldErrors: FieldProblems<ComplaintField>;
  error: ErrorInfo | null;
  pending: boolean;
  step: StepDraft | null;
  stepErrors: FieldProblems<StepField>;
  stepError: ErrorInfo | null;
  stepPending: boolean;
  show(customerId: string | null): Promise<void>;
  refresh(): Promise<void>;
  startForm(): void;
  cancelForm(): void;
  setForm(changes: Partial<ComplaintDraft>): void;
  submit(): Promise<Complaint | null>;
  startStep(complaintId: string, to: StepTo): void;
  setStep(changes: Partial<Omit<StepDraft, 'complaintId' | 'to'>>): void;
  cancelStep(): void;
  submitStep(): Promise<Complaint | null>;
  /** Reads the customer's complaints again when one of them changed or a new one came. */
  rowsChanged(changes: RowChanges): void;
}

export type ComplaintsStore = StoreApi<ComplaintsState>;

const emptyDraft = (): ComplaintDraft => ({
  category: 'service_attitude',
  severity: 'normal',
  channel: 'phone',
  orderId: '',
  outletId: null,
  technicianName: '',
  customerWords: '',
  customerWants: '',
  promisedBy: '',
});
const closedForm = () => ({ form: null, fieldErrors: {}, error: null, pending: false });
const closedStep = () => ({ step: null, stepErrors: {}, stepError: null, stepPending: false });
const nothingShown = () => ({ customerId: null, phase: 'idle' as const, complaints: [], loadError: null, ...closedForm(), ...closedStep() });

/** A datetime-local text as an ISO time ('' → null; an unreadable text stays as typed, for the schema to refuse). */
function isoOf(local: string): string | null {
  if (local.trim() === '') return null;
  const ms = Date.parse(local);
  return Number.isNaN(ms) ? local : new Date(ms).toISOString();
}

export function createComplaintsStore(bridge: WorkstationBridge, options: { now?: () => Date } = {}): ComplaintsStore {
  const now = options.now ?? (() => new Date());
  return createStore<ComplaintsState>()((set, get) => {
    const loads = latestRequest();
    const submits = latestRequest();
    const load = async (quiet: boolean) => {
      const { customerId } = get();
      if (!customerId) return;
      const current = loads.begin();
      if (!quiet) set({ phase: 'loading', loadError: null });
      try {
        const complaints = await bridge.call('complaints.ofCustomer', { customerId });
        if (current()) set({ phase: 'loaded', complaints, loadError: null });
      } catch (error) {
        if (current() && !(quiet && get().phase === 'loaded')) set({ phase: 'error', loadError: toErrorInfo(error) });
      }
    };
    const shown = (made: Complaint) => set({ complaints: [made, ...get().complaints.filter((c) => c.id !== made.id)] });
    return {
      ...nothingShown(),
      async show(customerId) {
        loads.drop();
        submits.drop();
        set({ ...nothingShown(), customerId });
        await load(false);
      },
      async refresh() {
        await load(true);
      },
      startForm() {
        if (get().customerId) set({ ...closedForm(), form: emptyDraft() });
      },
      cancelForm() {
        submits.drop();
        set(closedForm());
      },
      setForm(changes) {
        const form = get().form;
        if (!form) return;
        const fieldErrors = { ...get().fieldErrors };
        for (const key of Object.keys(changes) as ComplaintField[]) delete fieldErrors[key];
        set({ form: { ...form, ...changes }, fieldErrors });
      },
      async submit() {
        const { customerId, form, pending } = get();
        if (!customerId || !form || pending) return null;
        const input = {
          customerId,
          orderId: form.orderId || null,
          outletId: form.outletId,
          technicianName: form.technicianName,
          category: form.category,
          severity: form.severity,
          channel: form.channel,
          customerWords: form.customerWords,
          customerWants: form.customerWants,
          promisedBy: isoOf(form.promisedBy),
        };
        const checked = NewComplaint.safeParse(input);
        const fieldErrors = checked.success ? {} : splitFieldErrors(localBadInput(checked.error), COMPLAINT_FIELDS).fields;
        // The same rule the seat applies: a promise must lie ahead (said with the other problems at once).
        const late = promisedByRefusal(checked.success ? checked.data.promisedBy : input.promisedBy, now());
        if (late && !fieldErrors.promisedBy) fieldErrors.promisedBy = { kind: 'refused', message: '', refusal: late };
        if (!checked.success || late) {
          set({ fieldErrors, error: null });
          return null;
        }
        const current = submits.begin();
        set({ pending: true, error: null });
        try {
          const made = await bridge.call('complaints.create', input);
          if (!current()) return null;
          set(closedForm());
          shown(made);
          return made;
        } catch (error) {
          if (!current()) return null;
          const split = splitFieldErrors(toErrorInfo(error), COMPLAINT_FIELDS);
          set({ pending: false, fieldErrors: split.fields, error: split.rest });
          return null;
        }
      },
      startStep(complaintId, to) {
        set({ ...closedStep(), step: { complaintId, to, resolution: '', compensationKind: 'none', compensationYuan: '', reason: '' } });
      },
      setStep(changes) {
        const step = get().step;
        if (!step) return;
        const stepErrors = { ...get().stepErrors };
        for (const key of Object.keys(changes) as StepField[]) delete stepErrors[key];
        set({ step: { ...step, ...changes }, stepErrors });
      },
      cancelStep() {
        set(closedStep());
      },
      async submitStep() {
        const { step, stepPending } = get();
        if (!step || stepPending) return null;
        const yuan = step.compensationYuan.trim();
        const raw =
          step.to === 'resolved'
            ? { to: step.to, resolution: step.resolution, compensationKind: step.compensationKind, compensationYuan: yuan === '' ? null : Number(yuan) }
            : step.to === 'reopened'
              ? { to: step.to, reason: step.reason }
              : { to: step.to };
        const checked = ComplaintStep.safeParse(raw);
        if (!checked.success) {
          set({ stepErrors: splitFieldErrors(localBadInput(checked.error), STEP_FIELDS).fields, stepError: null });
          return null;
        }
        set({ stepPending: true, stepError: null });
        try {
          const changed = await bridge.call('complaints.advance', { complaintId: step.complaintId, step: checked.data });
          set(closedStep());
          shown(changed);
          return changed;
        } catch (error) {
          const split = splitFieldErrors(toErrorInfo(error), STEP_FIELDS);
          set({ stepPending: false, stepErrors: split.fields, stepError: split.rest });
          return null;
        }
      },
      rowsChanged(changes) {
        const { customerId, complaints } = get();
        if (!customerId) return;
        if (changes.ofCustomers('complaint', [customerId]) || changes.has('complaint', complaints.map((c) => c.id))) void get().refresh();
      },
    };
  });
}
