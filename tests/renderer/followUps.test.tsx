import { describe, expect, it } from 'vitest';
import { createAppStores } from '../../renderer/src/app/stores.js';
import { followUpEntries } from '../../renderer/src/followUps/followUpsStore.js';
import type { FollowUp } from '../../shared/domain/followUp.js';
import { WorkstationError, type CustomerCard } from '../../shared/workstationApi.js';
import { FakeBridge, flush } from './fakeBridge.js';
import { AGENT_ID, BRANCH_ID, card, CUSTOMER_ID, CUSTOMER_ID_2, order, session } from './fixtures.js';
import { FakeEngine, SIP_ACCOUNT } from './softphoneFakes.js';
import { renderApp, countTestId } from './renderApp.js';

const ORDER_1 = order({ id: '20000000-0000-4000-8000-000000000011', orderNumber: 'BJ01-07-20261118-0011', status: 'completed' });
const ORDER_2 = order({ id: '20000000-0000-4000-8000-000000000012', orderNumber: 'BJ01-07-20261120-0012', status: 'completed', customerId: CUSTOMER_ID_2 });

const followUp = (over: Partial<FollowUp>): FollowUp => ({
  id: '90000000-0000-4000-8000-000000000001',
  version: 3,
  deleted: false,
  orderId: ORDER_1.id,
  customerId: CUSTOMER_ID,
  branchId: BRANCH_ID,
  dueAt: '2026-11-20T02:00:00.000Z',
  status: 'open',
  satisfaction: null,
  remarks: '',
  doneAt: null,
  doneBy: null,
  createdAt: '2026-11-18T02:00:00.000Z',
  attempts: 0,
  lastOutcome: null,
  lastAttemptAt: null,
  ...over,
});
/** Due later, listed first by the seat on purpose: the list puts the sooner one first. */
const LATER = followUp({ id: '90000000-0000-4000-8000-000000000002', orderId: ORDER_2.id, customerId: CUSTOMER_ID_2, dueAt: '2026-12-30T02:00:00.000Z' });
const SOONER = followUp({});

const cards: Record<string, CustomerCard> = {
  [CUSTOMER_ID]: { ...card(), orders: [ORDER_1] },
  [CUSTOMER_ID_2]: { ...card(CUSTOMER_ID_2), customer: { ...card(CUSTOMER_ID_2).customer, name: '李娜', phone: '+8613900139000' }, orders: [ORDER_2] },
};

function followUpSeat() {
  let open = [LATER, SOONER];
  const engine = new FakeEngine();
  const bridge = new FakeBridge({
    'followUps.list': () => open,
    'customers.card': ({ customerId }) => cards[customerId] ?? null,
    'softphone.account': () => SIP_ACCOUNT,
    'agent.figuresToday': () => ({ calls: 0, averageHandleSeconds: 0, followUpsDone: 1 }),
    'followUps.complete': (result) => {
      const current = open.find((f) => f.id === result.followUpId)!;
      const attempt = { attempts: current.attempts + 1, lastOutcome: result.outcome, lastAttemptAt: '2026-11-23T06:00:00.000Z', remarks: result.remarks ?? '' };
      if (result.outcome !== 'done') {
        const tried = { ...current, ...attempt, dueAt: result.outcome === 'call_back' ? result.callBackAt : current.dueAt };
        // As the seat lists them: a call back is out of the list until its time, no answer stays in it.
        open = result.outcome === 'call_back' ? open.filter((f) => f.id !== tried.id) : open.map((f) => (f.id === tried.id ? tried : f));
        return tried;
      }
      open = open.filter((f) => f.id !== result.followUpId);
      return { ...current, ...attempt, status: 'done' as const, satisfaction: result.satisfaction, doneAt: '2026-11-23T06:00:00.000Z', doneBy: AGENT_ID };
    },
  });
  const s = createAppStores(bridge, { createPhoneEngine: () => engine });
  return { s, bridge, engine };
}

describe('follow-ups store', () => {
  it('lists soonest due first with overdue marked, and names each task’s customer and order', async () => {
    const { s } = followUpSeat();
    await s.followUps.getState().openPanel();
    await flush();
    const entries = followUpEntries(s.followUps.getState().followUps, s.followUps.getState().cards, new Date('2026-11-23T06:00:00.000Z'));
    expect(entries.map((e) => [e.followUp.id, e.customer?.name, e.order?.orderNumber, e.overdue])).toEqual([
      [SOONER.id, '张伟', ORDER_1.orderNumber, true],
      [LATER.id, '李娜', ORDER_2.orderNumber, false],
    ]);
    s.followUps.getState().move(1);
    s.followUps.getState().openOrder(LATER.id);
    await flush();
    expect(s.card.getState()).toMatchObject({ customerId: CUSTOMER_ID_2, phase: 'loaded' });
    expect(s.card.getState().card?.orders.map((o) => o.id)).toEqual([ORDER_2.id]);
  });

  it('names each bad field before calling the seat, then records the result and the task leaves the list', async () => {
    const { s, bridge } = followUpSeat();
    await s.followUps.getState().openPanel();
    s.followUps.getState().startResult(SOONER.id);
    s.followUps.getState().set({ remarks: 'x'.repeat(2001) });
    expect(await s.followUps.getState().submit()).toBeNull();
    expect(Object.keys(s.followUps.getState().fieldErrors).sort()).toEqual(['remarks', 'satisfaction']);
    expect(bridge.callsOf('followUps.complete')).toEqual([]);

    s.followUps.getState().set({ satisfaction: 4, remarks: '  师傅准时上门  ' });
    expect(s.followUps.getState().fieldErrors).toEqual({});
    const done = await s.followUps.getState().submit();
    expect(bridge.callsOf('followUps.complete')).toEqual([{ followUpId: SOONER.id, outcome: 'done', satisfaction: 4, remarks: '师傅准时上门' }]);
    expect(done).toMatchObject({ status: 'done', satisfaction: 4 });
    expect(s.followUps.getState()).toMatchObject({ recordingId: null, satisfaction: null, remarks: '' });
    expect(s.followUps.getState().followUps.map((f) => f.id)).toEqual([LATER.id]);
  });

  it('records a call back at the time asked for: no score needed, the task leaves the list until then; no answer keeps it', async () => {
    const { s, bridge } = followUpSeat();
    await s.followUps.getState().openPanel();
    s.followUps.getState().startResult(SOONER.id);
    s.followUps.getState().set({ outcome: 'call_back' });
    expect(await s.followUps.getState().submit()).toBeNull();
    expect(Object.keys(s.followUps.getState().fieldErrors)).toEqual(['callBackAt']);
    s.followUps.getState().set({ callBackAt: '2026-11-24T15:00', remarks: '客户下午三点方便' });
    expect(await s.followUps.getState().submit()).toMatchObject({ lastOutcome: 'call_back', status: 'open' });
    expect(bridge.callsOf('followUps.complete')).toEqual([
      { followUpId: SOONER.id, outcome: 'call_back', callBackAt: new Date('2026-11-24T15:00').toISOString(), remarks: '客户下午三点方便' },
    ]);
    expect(s.followUps.getState().followUps.map((f) => f.id)).toEqual([LATER.id]);

    s.followUps.getState().startResult(LATER.id);
    s.followUps.getState().set({ outcome: 'no_answer' });
    expect(await s.followUps.getState().submit()).toMatchObject({ lastOutcome: 'no_answer', attempts: 1 });
    expect(s.followUps.getState().followUps.map((f) => [f.id, f.lastOutcome])).toEqual([[LATER.id, 'no_answer']]);
  });

  it('puts the seat’s refusal on the form when it names no field', async () => {
    const { s, bridge } = followUpSeat();
    await s.followUps.getState().openPanel();
    s.followUps.getState().startResult(SOONER.id, 5);
    bridge.handle('followUps.complete', () => {
      throw new WorkstationError('invalid_transition', `follow-up ${SOONER.id} was already done`);
    });
    expect(await s.followUps.getState().submit()).toBeNull();
    expect(s.followUps.getState()).toMatchObject({ pending: false, satisfaction: 5, error: { code: 'invalid_transition' } });
    expect(s.followUps.getState().followUps).toHaveLength(2);
  });

  it('shows the open card’s pending follow-ups without opening the panel', async () => {
    const { s } = followUpSeat();
    await s.card.getState().open(CUSTOMER_ID);
    await flush();
    expect(s.followUps.getState().followUps.filter((f) => f.customerId === CUSTOMER_ID).map((f) => f.id)).toEqual([SOONER.id]);
  });

  it('dials from a task: the card opens, the result form too, and the call’s wrap-up comes with a disposition chosen', async () => {
    const { s, engine } = followUpSeat();
    await s.softphone.getState().start();
    engine.registration('registered');
    await s.softphone.getState().setAgentState('ready');
    await s.followUps.getState().openPanel();
    await flush();

    s.followUps.getState().dial(SOONER.id);
    await flush();
    expect(engine.log).toContain('dial 13800138000');
    const call = s.softphone.getState().call!;
    expect(call).toMatchObject({ direction: 'outbound', customerId: CUSTOMER_ID });
    expect(s.followUps.getState()).toMatchObject({ recordingId: SOONER.id, dialled: { followUpId: SOONER.id, callId: call.id } });
    expect(s.card.getState()).toMatchObject({ customerId: CUSTOMER_ID, phase: 'loaded' });

    engine.emit({ type: 'established', id: call.id });
    engine.emit({ type: 'terminated', id: call.id, reason: null });
    expect(s.softphone.getState().wrapUp).toMatchObject({ disposition: 'resolved' });
    expect(s.followUps.getState().recordingId).toBe(SOONER.id);
  });

  it('a plain dial (not from a follow-up) leaves the wrap-up unchosen', async () => {
    const { s, engine } = followUpSeat();
    await s.softphone.getState().start();
    engine.registration('registered');
    await s.softphone.getState().setAgentState('ready');
    s.softphone.getState().dial('13800138000', CUSTOMER_ID);
    const call = s.softphone.getState().call!;
    engine.emit({ type: 'established', id: call.id });
    engine.emit({ type: 'terminated', id: call.id, reason: null });
    expect(s.softphone.getState().wrapUp).toMatchObject({ disposition: '' });
  });
});


describe('follow-ups on screen', () => {
  for (const [language, words] of [
    ['zh-CN', { heading: '本分公司回访任务（2）', overdue: '已逾期', score: '4 满意', rule: '请选择 1 到 5 的满意度', onCard: '待回访（1）', button: '回访任务' }],
    ['en', { heading: 'Follow-up tasks of the branch (2)', overdue: 'Overdue', score: '4 Satisfied', rule: 'Choose a satisfaction from 1 to 5', onCard: 'Pending follow-ups (1)', button: 'Follow-ups' }],
  ] as const) {
    it(`lists tasks with dial buttons, the result form with its errors, and the card’s pending follow-ups (${language})`, () => {
      const s = createAppStores(new FakeBridge());
      s.session.setState({ phase: 'logged_in', session: session() });
      s.softphone.setState({ setup: 'started', agentState: 'ready' });
      s.card.setState({ phase: 'loaded', customerId: CUSTOMER_ID, card: cards[CUSTOMER_ID] });
      s.followUps.setState({ panelOpen: true, phase: 'loaded', followUps: [SOONER, LATER], cards, selected: 1 });
      let html = renderApp(s, language);
      expect(html).toContain(words.heading);
      expect(html).toContain(words.button);
      expect(countTestId(html, 'follow-up-entry')).toBe(2);
      expect(countTestId(html, 'follow-up-overdue')).toBe(1);
      expect(html).toMatch(/data-testid="follow-up-dial"[^>]*data-phone="\+8613900139000"/);
      expect(html).toMatch(/aria-selected="true"[^>]*data-follow-up-id="90000000-0000-4000-8000-000000000002"/);
      // The card: its customer's follow-up, and a dial button on the order row.
      expect(countTestId(html, 'customer-follow-up')).toBe(1);
      expect(html).toContain(words.onCard);
      expect(html).toMatch(/data-testid="order-row"[\s\S]*data-testid="order-dial"[^>]*data-phone="\+8613800138000"/);

      s.followUps.setState({ recordingId: SOONER.id, satisfaction: null, fieldErrors: { satisfaction: { kind: 'other', message: 'Expected number, received nan' } } });
      html = renderApp(s, language);
      expect(countTestId(html, 'follow-up-result')).toBe(1);
      for (const n of [1, 2, 3, 4, 5]) expect(countTestId(html, `follow-up-satisfaction-${n}`)).toBe(1);
      expect(html).toContain(words.score);
      expect(html).toMatch(new RegExp(`data-field="satisfaction"[^>]*>${words.rule}`));
      expect(countTestId(html, 'follow-up-remarks')).toBe(1);
    });
  }
});
