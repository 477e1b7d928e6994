import { createStore, type StoreApi } from 'zustand/vanilla';
import { NewProduct } from '../../../shared/api/rest.js';
import type { ProductCategory } from '../../../shared/domain/product.js';
import type { ProductWithWarranty, WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import { splitFieldErrors, type FieldProblems } from '../forms/fieldErrors.js';
import { localBadInput } from '../forms/localIssues.js';

const PRODUCT_FIELDS = ['serialNumber', 'model', 'category', 'purchaseDate'] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];

export interface NewProductState {
  /** The customer the unit is registered for; null: closed. */
  customerId: string | null;
  serialNumber: string;
  model: string;
  category: ProductCategory;
  /** YYYY-MM-DD (a date input). */
  purchaseDate: string;
  fieldErrors: FieldProblems<ProductField>;
  error: ErrorInfo | null;
  pending: boolean;
  /** The unit just registered, with its warranty status (shown until the form is used again or closed). */
  saved: ProductWithWarranty | null;
  start(customerId: string): void;
  set(changes: Partial<Pick<NewProductState, ProductField>>): void;
  submit(): Promise<ProductWithWarranty | null>;
  cancel(): void;
}

export type NewProductStore = StoreApi<NewProductState>;

export interface NewProductOptions {
  /** After a unit was registered (the app reloads the card, where it appears). */
  onCreated?: (product: ProductWithWarranty) => void;
}

const form = () => ({ serialNumber: '', model: '', category: 'air_conditioner' as ProductCategory, purchaseDate: '', fieldErrors: {}, error: null, pending: false });
const closed = () => ({ customerId: null, saved: null, ...form() });

export function createNewProductStore(bridge: WorkstationBridge, options: NewProductOptions = {}): NewProductStore {
  return createStore<NewProductState>()((set, get) => {
    /** Opening or closing the form outdates a submit under way. */
    const submits = latestRequest();
    return {
      ...closed(),
      start(customerId) {
        submits.drop();
        set({ ...closed(), customerId });
      },
      set(changes) {
        const fieldErrors = { ...get().fieldErrors };
        for (const key of Object.keys(changes) as ProductField[]) delete fieldErrors[key];
        set({ ...changes, fieldErrors, saved: null });
      },
      async submit() {
        const { customerId, serialNumber, model, category, purchaseDate, pending } = get();
        if (!customerId || pending) return null;
        const input = { customerId, serialNumber, model, category, purchaseDate };
        const checked = NewProduct.safeParse(input);
        if (!checked.success) {
          set({ fieldErrors: splitFieldErrors(localBadInput(checked.error), PRODUCT_FIELDS).fields, error: null, saved: null });
          return null;
        }
        const current = submits.begin();
        set({ pending: true, error: null, saved: null });
        try {
          const product = await bridge.call('products.create', input);
          if (!current()) return null;
          // The form stays open, emptied, with the saved unit's warranty shown: the next unit can follow.
          set({ ...form(), saved: product });
          options.onCreated?.(product);
          return product;
        } catch (error) {
          if (!current()) return null;
          const split = splitFieldErrors(toErrorInfo(error), PRODUCT_FIELDS);
          set({ pending: false, fieldErrors: split.fields, error: split.rest });
          return null;
        }
      },
      cancel() {
        submits.drop();
        set(closed());
      },
    };
  });
}
