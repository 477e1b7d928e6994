import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { createCampaignsStore, type CampaignsState } from '../campaigns/campaignsStore.js';
import { createCampaignListsStore, type CampaignListsState } from '../campaigns/campaignListsStore.js';
import { createComplaintsStore, type ComplaintsState } from '../complaints/complaintsStore.js';
import { createCustomerCardStore, type CustomerCardState } from '../customer/customerCardStore.js';
import { createDeskStore, type DeskState } from '../desk/deskStore.js';
import { createOutletNetworkStore, type OutletNetworkState } from '../desk/outletNetworkStore.js';
import { createPartsDeskStore, type PartsDeskState } from '../desk/partsDeskStore.js';
import { createTeamBoardStore, type TeamBoardState } from '../desk/teamBoardStore.js';
import { createTeamReassignStore, type TeamReassignState } from '../desk/teamReassignStore.js';
import { createEscalatedComplaintsStore, type EscalatedComplaintsState } from '../desk/escalatedComplaintsStore.js';
import { createDuplicateReviewStore, type DuplicateReviewState } from '../desk/duplicateReviewStore.js';
import { createFollowUpsStore, type FollowUpsState } from '../followUps/followUpsStore.js';
import { cardCategory, createKnowledgeStore, type KnowledgeState } from '../knowledge/knowledgeStore.js';
import { createPartsRequestsStore, type PartsRequestsState } from '../partsRequests/partsRequestsStore.js';
import { createNewProductStore, type NewProductState } from '../products/newProductStore.js';
import { createEditCustomerStore, type EditCustomerState } from '../customer/editCustomerStore.js';
import { createNewCustomerStore, type NewCustomerState } from '../customer/newCustomerStore.js';
import { createRegionsStore, type RegionsState } from '../customer/regionsStore.js';
import { focusWhenShown } from '../myWork/focusWhenShown.js';
import { createMyWorkStore, type MyWorkState } from '../myWork/myWorkStore.js';
import { createNotesStore, type NotesState } from '../notes/notesStore.js';
import { createContactHistoryStore, type ContactHistoryState } from '../customer/contactHistoryStore.js';
import { createNewOrderStore, type NewOrderState } from '../orders/newOrderStore.js';
import { createOrderDispatchStore, type OrderDispatchState } from '../orders/orderDispatchStore.js';
import { createOrderOwnerStore, type OrderOwnerState } from '../orders/orderOwnerStore.js';
import { createOrderStatusStore, type OrderStatusState } from '../orders/orderStatusStore.js';
import { createOrderTimelineStore, type OrderTimelineState } from '../orders/orderTimelineStore.js';
import { createOverdueOrdersStore, type OverdueOrdersState } from '../orders/overdueOrdersStore.js';
import { createShiftHandoverStore, type ShiftHandoverState } from '../orders/shiftHandoverStore.js';
import { createSearchStore, type SearchState } from '../search/searchStore.js';
import { createSeatInfoStore, type SeatInfoState } from '../seat/seatInfoStore.js';
import { createSeatSetupStore, type SeatSetupState } from '../setup/seatSetupStore.js';
import { createSessionStore, type SessionState } from '../session/sessionStore.js';
import { createCustomerContactsStore, type CustomerContactsState } from '../softphone/customerContactsStore.js';
import type { HidLike } from '../softphone/headset.js';
import { createHeadsetStore, type HeadsetState } from '../softphone/headsetStore.js';
import type { PhoneEngine } from '../softphone/phoneEngine.js';
import { dialStringFor } from '../softphone/dialString.js';
import { SipJsPhone } from '../softphone/sipPhone.js';
import { createSoftphoneStore, type SoftphoneState } from '../softphone/softphoneStore.js';
import { formatPhone } from '../i18n/format.js';
import { isLanguage, storedLanguage } from '../i18n/i18n.js';
import { createSyncProblemsStore, type SyncProblemsState } from '../sync/syncProblemsStore.js';
import { createSyncStatusStore, type SyncStatusState } from '../sync/syncStatusStore.js';
import { RowChanges } from './rowChanges.js';

interface AppStates {
  session: SessionState;
  seat: SeatInfoState;
  setup: SeatSetupState;
  sync: SyncStatusState;
  search: SearchState;
  card: CustomerCardState;
  newCustomer: NewCustomerState;
  editCustomer: EditCustomerState;
  regions: RegionsState;
  newOrder: NewOrderState;
  orderStatus: OrderStatusState;
  orderDispatch: OrderDispatchState;
  orderTimeline: OrderTimelineState;
  orderOwner: OrderOwnerState;
  overdue: OverdueOrdersState;
  shiftHandover: ShiftHandoverState;
  syncProblems: SyncProblemsState;
  softphone: SoftphoneState;
  headset: HeadsetState;
  contacts: CustomerContactsState;
  knowledge: KnowledgeState;
  partsRequests: PartsRequestsState;
  campaigns: CampaignsState;
  campaignLists: CampaignListsState;
  newProduct: NewProductState;
  followUps: FollowUpsState;
  desk: DeskState;
  outletNetwork: OutletNetworkState;
  partsDesk: PartsDeskState;
  teamBoard: TeamBoardState;
  teamReassign: TeamReassignState;
  escalatedComplaints: EscalatedComplaintsState;
  duplicateReview: DuplicateReviewState;
  complaints: ComplaintsState;
  notes: NotesState;
  myWork: MyWorkState;
  contactHistory: ContactHistoryState;
}

/** Every store of the page, each made with the one bridge (a fake one in tests). */
export type AppStores = { [K in keyof AppStates]: StoreApi<AppStates[K]> };

export interface AppStoreOptions {
  /** Passed to the sync problems store (tests read the lists on every event). */
  syncProblemsMinIntervalMs?: number;
  /** The softphone's SIP stack (default: SIP.js over WebSocket; a fake in tests). */
  createPhoneEngine?: () => PhoneEngine;
  /** WebHID for the headset's buttons (default: navigator.hid where the page has it; a fake in tests). */
  hid?: HidLike;
  /** Where the page remembers things across starts, such as the paired headset (default: localStorage). */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

export function createAppStores(bridge: WorkstationBridge, options: AppStoreOptions = {}): AppStores {
  // The stores call each other only through these callbacks, once all exist. What a call returned
  // shows at once; the seat's data.changed notice for the rows it wrote reloads what else shows them.
  const showOrder = (order: ServiceOrder) => stores.card.getState().applyOrder(order);
  const refreshSearch = () => void stores.search.getState().refresh();

  const stores: AppStores = {
    session: createSessionStore(bridge),
    seat: createSeatInfoStore(bridge),
    setup: createSeatSetupStore(bridge),
    sync: createSyncStatusStore(bridge),
    search: createSearchStore(bridge),
    card: createCustomerCardStore(bridge),
    newCustomer: createNewCustomerStore(bridge, {
      // The new customer's card opens; a search shown on the left now finds them too.
      onCreated: (customer) => {
        void stores.card.getState().open(customer.id);
        refreshSearch();
      },
      onOpenCustomer: (customerId) => void stores.card.getState().open(customerId),
    }),
    editCustomer: createEditCustomerStore(bridge, {
      onSaved: (customer) => {
        stores.card.getState().applyCustomer(customer);
        // The change may make the customer match the shown search, which the notice cannot tell.
        refreshSearch();
      },
    }),
    regions: createRegionsStore(bridge),
    newOrder: createNewOrderStore(bridge, { onCreated: showOrder }),
    orderStatus: createOrderStatusStore(bridge, { onChanged: showOrder }),
    orderDispatch: createOrderDispatchStore(bridge, { onDispatched: showOrder }),
    orderTimeline: createOrderTimelineStore(bridge),
    orderOwner: createOrderOwnerStore(bridge, { onReassigned: showOrder }),
    overdue: createOverdueOrdersStore(bridge, {
      // The customer's card first: opening it closes the timeline of another customer's order.
      onOpenOrder: (order) => {
        void stores.card.getState().open(order.customerId);
        void stores.orderTimeline.getState().open(order);
      },
      onOpenCustomer: (customerId) => void stores.card.getState().open(customerId),
    }),
    // The card shown reloads the handed orders through the seat's data.changed notice.
    shiftHandover: createShiftHandoverStore(bridge),
    syncProblems: createSyncProblemsStore(bridge, {
      minIntervalMs: options.syncProblemsMinIntervalMs,
    }),
    softphone: createSoftphoneStore(bridge, {
      createEngine: options.createPhoneEngine ?? (() => new SipJsPhone()),
      // Screen pop, before the agent answers: the caller's card as the seat just read it, or a
      // new-customer form with the number.
      onScreenPop: ({ number, canonical, card }) => {
        if (card) {
          stores.newCustomer.getState().cancel();
          stores.card.getState().show(card);
        }
        else stores.newCustomer.getState().start({ phone: canonical ? formatPhone(canonical) : number });
      },
      currentCustomerId: () => (stores.card.getState().phase === 'loaded' ? stores.card.getState().customerId : null),
    }),
    // The headset's buttons and lamps (WebHID), on the softphone's own actions; started by main.tsx.
    headset: createHeadsetStore({
      hid: 'hid' in options ? options.hid : (globalThis.navigator as { hid?: HidLike } | undefined)?.hid,
      softphone: () => stores.softphone,
      storage: options.storage ?? globalThis.localStorage,
    }),
    contacts: createCustomerContactsStore(bridge),
    knowledge: createKnowledgeStore(bridge, {
      preferredCategory: () => (stores.card.getState().phase === 'loaded' ? cardCategory(stores.card.getState().card) : null),
      // The page's <html lang> follows the language switch (i18n.ts); before the first switch, the remembered one.
      language: () => {
        const shown = globalThis.document?.documentElement.lang;
        return isLanguage(shown) ? shown : storedLanguage();
      },
    }),
    partsRequests: createPartsRequestsStore(bridge),
    // Preview dialing: the target's card opens before the agent dials.
    campaigns: createCampaignsStore(bridge, { onPreview: ({ target }) => void stores.card.getState().open(target.customerId) }),
    campaignLists: createCampaignListsStore(bridge),
    newProduct: createNewProductStore(bridge),
    followUps: createFollowUpsStore(bridge, {
      onOpenCustomer: (customerId) => void stores.card.getState().open(customerId),
      onDial: (phone, customerId) => {
        stores.softphone.getState().dial(dialStringFor(phone), customerId);
        return stores.softphone.getState().call?.id ?? null;
      },
      onCompleted: () => void stores.softphone.getState().refreshFigures(),
    }),
    // Headquarters starts from its branches, everyone else from the team's agents.
    desk: createDeskStore(bridge, {
      defaultDimension: () => (stores.session.getState().session?.agent.role === 'headquarters' ? 'branch' : 'agent'),
      onOpenCustomer: (customerId) => void stores.card.getState().open(customerId),
    }),
    outletNetwork: createOutletNetworkStore(bridge),
    partsDesk: createPartsDeskStore(bridge),
    teamBoard: createTeamBoardStore(bridge),
    teamReassign: createTeamReassignStore(bridge),
    escalatedComplaints: createEscalatedComplaintsStore(bridge, {
      onOpenComplaint: (customerId, complaintId) => {
        stores.desk.getState().closePanel();
        void stores.card
          .getState()
          .open(customerId)
          .then(() => focusWhenShown(`[data-testid="complaint-row"][data-complaint-id="${complaintId}"] button`));
      },
    }),
    duplicateReview: createDuplicateReviewStore(bridge),
    complaints: createComplaintsStore(bridge),
    notes: createNotesStore(bridge),
    // Each row opens the customer's card at its item: an order's (handed over, owned, followed up,
    // parts) with its history open; a complaint's card; conflicts in the sync problems panel.
    myWork: createMyWorkStore(bridge, {
      onOpenCampaignTarget: (_customerId, targetId) => void stores.campaigns.getState().openTarget(targetId),
      onOpenOrder: (customerId, orderId) => {
        void stores.card
          .getState()
          .open(customerId)
          .then(() => {
            const { phase, card } = stores.card.getState();
            const order = phase === 'loaded' ? card?.orders.find((o) => o.id === orderId) : undefined;
            if (order) void stores.orderTimeline.getState().open(order);
          });
      },
      onOpenComplaint: (customerId, complaintId) => {
        void stores.card
          .getState()
          .open(customerId)
          .then(() => focusWhenShown(`[data-testid="complaint-row"][data-complaint-id="${complaintId}"] button`));
      },
      onOpenConflicts: () => {
        stores.overdue.getState().closePanel();
        stores.syncProblems.getState().openPanel();
      },
    }),
    contactHistory: createContactHistoryStore(bridge),
  };
  // A call back placed from a follow-up: its wrap-up comes with the likely disposition chosen, and
  // the follow-up's result form stays at hand to record satisfaction and remarks.
  stores.softphone.subscribe((now, before) => {
    const dialled = stores.followUps.getState().dialled;
    if (!now.wrapUp || before.wrapUp || !dialled || now.wrapUp.call.id !== dialled.callId) return;
    if (!now.wrapUp.disposition) stores.softphone.getState().setDisposition(now.wrapUp.call.answeredAt === null ? 'no_answer' : 'resolved');
    if (stores.followUps.getState().followUps.some((f) => f.id === dialled.followUpId)) stores.followUps.getState().startResult(dialled.followUpId);
  });
  // The card's contacts follow the open customer, and every call saved (wrap-up, missed call).
  stores.card.subscribe((now, before) => {
    if (now.customerId !== before.customerId) {
      void stores.contacts.getState().show(now.customerId);
      // The card's complaints and notes follow the open customer.
      void stores.complaints.getState().show(now.customerId);
      void stores.notes.getState().show(now.customerId);
      void stores.contactHistory.getState().show(now.customerId);
    }
  });
  stores.softphone.subscribe((now, before) => {
    if (now.interactionsSaved !== before.interactionsSaved) void stores.contacts.getState().refresh();
  });
  // Signing out (or the session ending) leaves nothing of the last customer on screen.
  stores.session.subscribe((now, before) => {
    // The phone registers while an agent is signed in, and only then.
    if (now.phase === 'logged_in' && before.phase !== 'logged_in') {
      void stores.softphone.getState().start();
      // My work is the first screen after login.
      void stores.myWork.getState().show();
    }
    if (before.phase === 'logged_in' && now.phase !== 'logged_in') {
      void stores.softphone.getState().stop();
      stores.search.getState().reset();
      stores.card.getState().close();
      stores.newCustomer.getState().cancel();
      stores.editCustomer.getState().cancel();
      stores.newOrder.getState().cancel();
      stores.orderStatus.getState().clear();
      stores.orderTimeline.getState().close();
      stores.orderOwner.getState().reset();
      stores.overdue.getState().reset();
      stores.shiftHandover.getState().reset();
      stores.teamReassign.getState().close();
      stores.syncProblems.getState().reset();
      stores.knowledge.getState().reset();
      stores.desk.getState().reset();
      stores.outletNetwork.getState().reset();
      stores.partsDesk.getState().reset();
      stores.partsRequests.getState().close();
      stores.campaigns.getState().reset();
      stores.campaignLists.getState().reset();
      stores.newProduct.getState().cancel();
      stores.followUps.getState().reset();
      void stores.complaints.getState().show(null);
      void stores.notes.getState().show(null);
      stores.myWork.getState().reset();
      void stores.contactHistory.getState().show(null);
    }
  });
  // Another customer's card (or none): forms and refusals about the previous one go. Opening a
  // card (e.g. the search found the caller after all) takes the pane from the new-customer form.
  stores.card.subscribe((now, before) => {
    if (now.phase === 'loading' && before.phase !== 'loading') stores.newCustomer.getState().cancel();
    // A card opened from anywhere (search, screen pop, a panel) takes the pane from My work.
    if ((now.phase === 'loading' && before.phase !== 'loading') || (now.customerId !== before.customerId && now.customerId)) stores.myWork.getState().hide();
    if (now.customerId !== before.customerId) {
      // The card lists the customer's pending follow-ups (from the branch's open ones).
      if (now.customerId) void stores.followUps.getState().refresh();
      stores.editCustomer.getState().cancel();
      stores.newOrder.getState().cancel();
      stores.orderStatus.getState().clear();
      stores.orderTimeline.getState().close();
      stores.orderOwner.getState().close();
      stores.partsRequests.getState().close();
      stores.newProduct.getState().cancel();
    }
  });
  // Rows of the cache changed (pulled, written here, undone): each screen showing one of them reads
  // it again, nothing else does. The sync status alone (a poll that found nothing) reloads nothing.
  bridge.on('campaignLists.progress', (progress) => stores.campaignLists.getState().progressed(progress));
  bridge.on('data.changed', ({ changes }) => {
    const changed = new RowChanges(changes);
    stores.card.getState().rowsChanged(changed);
    stores.search.getState().rowsChanged(changed);
    stores.orderTimeline.getState().rowsChanged(changed);
    stores.overdue.getState().rowsChanged(changed);
    stores.partsRequests.getState().rowsChanged(changed);
    stores.followUps.getState().rowsChanged(changed);
    stores.campaigns.getState().rowsChanged(changed);
    stores.complaints.getState().rowsChanged(changed);
    stores.notes.getState().rowsChanged(changed);
    stores.myWork.getState().rowsChanged(changed);
    stores.contactHistory.getState().rowsChanged(changed, stores.card.getState().card?.orders.map((o) => o.id) ?? []);
    // Today's figures come from the cache: the first sync on a new PC (or another seat of the agent's) brings calls and follow-ups.
    if (changed.has('interaction') || changed.has('followUp')) void stores.softphone.getState().refreshFigures();
    const contactsOf = stores.contacts.getState().customerId;
    if (contactsOf && changed.ofCustomers('interaction', [contactsOf])) void stores.contacts.getState().refresh();
  });
  return stores;
}

export const StoresContext = createContext<AppStores | null>(null);

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores outside <StoresContext>');
  return stores;
}

/** Selects from one of the page's stores, e.g. `useAppStore('search', (s) => s.results)`. */
export function useAppStore<K extends keyof AppStates, U>(key: K, selector: (state: AppStates[K]) => U): U {
  const store: StoreApi<AppStates[K]> = useStores()[key];
  return useStore(store, selector);
}
