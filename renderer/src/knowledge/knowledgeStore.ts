import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ArticleLanguage, KnowledgeArticle } from '../../../shared/domain/knowledge.js';
import type { ProductCategory } from '../../../shared/domain/product.js';
import type { CustomerCard, WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import { isOpenOrder, sortOrders } from '../customer/customerCardStore.js';

/**
 * The product category the agent is most likely asking about on this card: that of the product of
 * the newest open order, else of the customer's first product; null without products.
 */
export function cardCategory(card: CustomerCard | null): ProductCategory | null {
  if (!card) return null;
  const byId = new Map(card.products.map((p) => [p.id, p.category]));
  const open = sortOrders(card.orders).find((o) => isOpenOrder(o) && o.productId && byId.has(o.productId));
  return (open?.productId ? byId.get(open.productId) : undefined) ?? card.products[0]?.category ?? null;
}

export interface KnowledgeState {
  panelOpen: boolean;
  query: string;
  /** The agent's explicit filter; null: every category. */
  category: ProductCategory | null;
  /** Ranked first, never filtered by: the open card's category, shown as a chip the agent can remove. */
  preferredCategory: ProductCategory | null;
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  results: KnowledgeArticle[];
  /** The highlighted result (↑↓), opened with Enter. */
  selected: number;
  /** The article being read; null: the list. */
  article: KnowledgeArticle | null;
  error: ErrorInfo | null;
  /** Opens the panel on every article, the open card's category first. */
  openPanel(): Promise<void>;
  closePanel(): void;
  togglePanel(): void;
  setQuery(query: string): Promise<void>;
  setCategory(category: ProductCategory | null): Promise<void>;
  /** Removes the chip: no category ranks first any more. */
  clearPreferredCategory(): Promise<void>;
  move(delta: number): void;
  /** Reads an article (the highlighted one without an id). */
  openArticle(articleId?: string): Promise<void>;
  backToList(): void;
  reset(): void;
}

export type KnowledgeStore = StoreApi<KnowledgeState>;

export interface KnowledgeOptions {
  /** The category to rank first when the panel opens (the open card's). */
  preferredCategory?: () => ProductCategory | null;
  /** The screen's language: its articles come first. */
  language?: () => ArticleLanguage | null;
}

const initial = () => ({
  panelOpen: false,
  query: '',
  category: null,
  preferredCategory: null,
  phase: 'idle' as const,
  results: [],
  selected: 0,
  article: null,
  error: null,
});

export function createKnowledgeStore(bridge: WorkstationBridge, options: KnowledgeOptions = {}): KnowledgeStore {
  return createStore<KnowledgeState>()((set, get) => {
    // Each keystroke searches; an answer to an older query is dropped.
    const requests = latestRequest();
    const search = async () => {
      const current = requests.begin();
      const { query, category, preferredCategory } = get();
      set({ phase: 'loading', error: null });
      try {
        const language = options.language?.() ?? null;
        const results = await bridge.call('knowledge.search', { query, category, preferCategory: preferredCategory, language, limit: 50 });
        if (current()) set({ phase: 'loaded', results, selected: 0 });
      } catch (error) {
        if (current()) set({ phase: 'error', error: toErrorInfo(error) });
      }
    };
    return {
      ...initial(),
      async openPanel() {
        set({ ...initial(), panelOpen: true, preferredCategory: options.preferredCategory?.() ?? null });
        await search();
      },
      closePanel() {
        requests.drop();
        set({ panelOpen: false, article: null });
      },
      togglePanel() {
        if (get().panelOpen) get().closePanel();
        else void get().openPanel();
      },
      async setQuery(query) {
        set({ query, article: null });
        await search();
      },
      async setCategory(category) {
        set({ category, article: null });
        await search();
      },
      async clearPreferredCategory() {
        set({ preferredCategory: null, article: null });
        await search();
      },
      move(delta) {
        const { results, selected } = get();
        if (results.length > 0) set({ selected: Math.min(Math.max(selected + delta, 0), results.length - 1) });
      },
      async openArticle(articleId) {
        const { results, selected } = get();
        const id = articleId ?? results[selected]?.id;
        if (!id) return;
        const current = requests.begin();
        try {
          const article = await bridge.call('knowledge.get', { articleId: id });
          if (!current()) return;
          if (article) set({ article, error: null, selected: Math.max(0, results.findIndex((a) => a.id === id)) });
          else set({ error: { code: 'not_found', message: id } });
        } catch (error) {
          if (current()) set({ error: toErrorInfo(error) });
        }
      },
      backToList() {
        set({ article: null });
      },
      reset() {
        requests.drop();
        set(initial());
      },
    };
  });
}
