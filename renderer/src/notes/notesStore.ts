import { createStore, type StoreApi } from 'zustand/vanilla';
import { NewNote, type Note } from '../../../shared/domain/note.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import type { RowChanges } from '../app/rowChanges.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import { splitFieldErrors, type FieldProblems } from '../forms/fieldErrors.js';
import { localBadInput } from '../forms/localIssues.js';

const NOTE_FIELDS = ['text', 'orderId'] as const;
type NoteField = (typeof NOTE_FIELDS)[number];

export interface NotesState {
  customerId: string | null;
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  /** The customer's notes (theirs and their orders'), newest first, those containing `query` when one is typed. */
  notes: Note[];
  /** Display names of the branch's agents by id: who wrote each note. */
  authors: Readonly<Record<string, string>>;
  loadError: ErrorInfo | null;
  query: string;
  /** The note being written, and the order it is on ('' for the customer). */
  text: string;
  orderId: string;
  fieldErrors: FieldProblems<NoteField>;
  error: ErrorInfo | null;
  pending: boolean;
  show(customerId: string | null): Promise<void>;
  setQuery(query: string): Promise<void>;
  set(changes: Partial<Pick<NotesState, NoteField>>): void;
  submit(): Promise<Note | null>;
  refresh(): Promise<void>;
  /** Reads the notes again when a note of the customer (or of their orders) came. */
  rowsChanged(changes: RowChanges): void;
}

export type NotesStore = StoreApi<NotesState>;

const emptyForm = () => ({ text: '', orderId: '', fieldErrors: {}, error: null, pending: false });
const nothingShown = () => ({ customerId: null, phase: 'idle' as const, notes: [], loadError: null, query: '', ...emptyForm() });


export function createNotesStore(bridge: WorkstationBridge): NotesStore {
  return createStore<NotesState>()((set, get) => {
    const loads = latestRequest();
    const loadAuthors = async () => {
      try {
        const agents = await bridge.call('agents.ofBranch', {});
        set({ authors: Object.fromEntries(agents.map((a) => [a.id, a.displayName])) });
      } catch {
        // Without the list a note shows no author name; the note itself is unaffected.
      }
    };
    const load = async (quiet: boolean) => {
      const { customerId, query } = get();
      if (!customerId) return;
      const current = loads.begin();
      if (!quiet) set({ phase: 'loading', loadError: null });
      try {
        const notes = await bridge.call('notes.ofCustomer', { customerId, query });
        if (!current()) return;
        set({ phase: 'loaded', notes, loadError: null });
        // Names are fetched only when a note by an agent not yet known is shown.
        if (notes.some((n) => !Object.hasOwn(get().authors, n.authorId))) void loadAuthors();
      } catch (error) {
        if (current() && !(quiet && get().phase === 'loaded')) set({ phase: 'error', loadError: toErrorInfo(error) });
      }
    };
    return {
      ...nothingShown(),
      authors: {},
      async show(customerId) {
        loads.drop();
        set({ ...nothingShown(), customerId });
        await load(false);
      },
      async setQuery(query) {
        set({ query });
        await load(true);
      },
      set(changes) {
        const fieldErrors = { ...get().fieldErrors };
        for (const key of Object.keys(changes) as NoteField[]) delete fieldErrors[key];
        set({ ...changes, fieldErrors, error: null });
      },
      async submit() {
        const { customerId, text, orderId, pending } = get();
        if (!customerId || pending) return null;
        const input = { customerId, orderId: orderId || null, text };
        const checked = NewNote.safeParse(input);
        if (!checked.success) {
          set({ fieldErrors: splitFieldErrors(localBadInput(checked.error), NOTE_FIELDS).fields, error: null });
          return null;
        }
        set({ pending: true, error: null });
        try {
          const made = await bridge.call('notes.add', input);
          set({ ...emptyForm(), orderId });
          await load(true);
          return made;
        } catch (error) {
          const split = splitFieldErrors(toErrorInfo(error), NOTE_FIELDS);
          set({ pending: false, fieldErrors: split.fields, error: split.rest });
          return null;
        }
      },
      async refresh() {
        await load(true);
      },
      rowsChanged(changes) {
        const { customerId } = get();
        if (customerId && changes.ofCustomers('note', [customerId])) void get().refresh();
      },
    };
  });
}
