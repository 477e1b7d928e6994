import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppStores, type AppStores } from '../../renderer/src/app/stores.js';
import { formatClock, formatDateTime } from '../../renderer/src/i18n/format.js';
import { timelineEntries } from '../../renderer/src/orders/orderTimelineStore.js';
import { FakeBridge } from './fakeBridge.js';
import { AGENT_ID, card, CUSTOMER_ID, order, session } from './fixtures.js';
import { ORDER_ID, orderTimeline, OTHER_AGENT_ID, OUTLET_ID } from './orderFixtures.js';
import { renderApp } from './renderApp.js';


/** The markup of every element with this data-testid, children included, tags stripped. */
function texts(html: string, testId: string): string[] {
  const out: string[] = [];
  const open = new RegExp(`<(\\w+)[^>]*data-testid="${testId}"[^>]*>`, 'g');
  for (let m = open.exec(html); m; m = open.exec(html)) {
    const re = new RegExp(`<(/?)${m[1]}\\b[^>]*>`, 'g');
    re.lastIndex = m.index;
    let depth = 0;
    let end = html.length;
    for (let n = re.exec(html); n; n = re.exec(html)) {
      depth += n[1] ? -1 : 1;
      if (depth === 0) {
        end = n.index;
        break;
      }
    }
    out.push(html.slice(m.index, end).replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  }
  return out;
}
const tags = (html: string, testId: string) => [...html.matchAll(new RegExp(`<[^>]*data-testid="${testId}"[^>]*>`, 'g'))].map((m) => m[0]);

function cardWithOrder(): AppStores {
  const stores = createAppStores(new FakeBridge());
  stores.session.setState({ phase: 'logged_in', session: session() });
  const orders = [order({ id: ORDER_ID, orderNumber: 'BJ01-07-20261123-0002', status: 'cancelled', outletId: OUTLET_ID })];
  stores.card.setState({ customerId: CUSTOMER_ID, phase: 'loaded', card: { ...card(), orders } });
  return stores;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('order timeline on the card', () => {
  it('shows what the steps recorded: the completion, and the follow-up’s score and remark (a low one marked)', () => {
    const stores = createAppStores(new FakeBridge());
    stores.session.setState({ phase: 'logged_in', session: session() });
    const completion = { resolution: '更换启动电容', parts: [{ name: '启动电容', quantity: 1 }], fee: 80, technician: '张师傅' };
    const visited = order({ id: ORDER_ID, orderNumber: 'BJ01-07-20261123-0002', status: 'visited', completion, feeConsent: { estimate: 150, consentedAt: '2026-11-23T01:00:00.000Z' } });
    stores.card.setState({ customerId: CUSTOMER_ID, phase: 'loaded', card: { ...card(), orders: [visited] } });
    stores.orderTimeline.setState({
      orderId: ORDER_ID,
      orderNumber: visited.orderNumber,
      phase: 'loaded',
      entries: [],
      followUp: {
        id: '90000000-0000-4000-8000-000000000001', version: 5, deleted: false, orderId: ORDER_ID, customerId: CUSTOMER_ID, branchId: visited.branchId,
        dueAt: '2026-11-25T01:00:00.000Z', status: 'done', satisfaction: 2, remarks: '等了三天才上门', doneAt: '2026-11-25T07:00:00.000Z', doneBy: AGENT_ID,
        createdAt: '2026-11-23T01:00:00.000Z', attempts: 2, lastOutcome: 'done', lastAttemptAt: '2026-11-25T07:00:00.000Z',
      },
    });
    const html = renderApp(stores);
    expect(texts(html, 'order-record-completion')[0]).toBe('完工记录更换启动电容；配件：启动电容 ×1；费用 80.00 元；技师 张师傅');
    expect(texts(html, 'order-record-fee-consent')[0]).toContain('客户同意预估费用 150.00 元');
    expect(texts(html, 'order-record-follow-up')[0]).toBe('回访已回访，满意度 2 分，等了三天才上门，共 2 次');
    expect(tags(html, 'order-record-follow-up')[0]).toContain('order-record-low');
  });

  it('has a history button on every order row, pressed while its timeline shows', () => {
    const stores = cardWithOrder();
    expect(tags(renderApp(stores), 'order-timeline-button')).toHaveLength(1);
    expect(tags(renderApp(stores), 'order-timeline')).toHaveLength(0);
    stores.orderTimeline.setState({ orderId: ORDER_ID, orderNumber: 'BJ01-07-20261123-0002', phase: 'loading' });
    expect(tags(renderApp(stores), 'order-timeline-button')[0]).toContain('aria-expanded="true"');
  });

  it('lists the events newest first, times formatted, outlet and window named, unsynced changes marked (zh-CN and en)', () => {
    const stores = cardWithOrder();
    stores.orderTimeline.setState({
      orderId: ORDER_ID,
      orderNumber: 'BJ01-07-20261123-0002',
      phase: 'loaded',
      entries: timelineEntries(orderTimeline()),
      outletNames: { [OUTLET_ID]: '海淀中关村服务站' },
    });
    const zh = renderApp(stores, 'zh-CN');
    const lines = texts(zh, 'timeline-entry');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe(`${formatDateTime('2026-11-23T03:20:00.000Z')}负责人 坐席 1f5a3c1e… → 王丽（我）尚未同步`);
    expect(lines[1]).toBe(`${formatDateTime('2026-11-23T03:10:00.000Z')}状态 已派工 → 已取消尚未同步`);
    expect(lines[2]).toBe(
      `${formatDateTime('2026-11-23T03:00:00.000Z')}派单至 海淀中关村服务站，预约 ${formatDateTime('2026-11-24T01:00:00.000Z')}–${formatClock('2026-11-24T04:00:00.000Z')}尚未同步`,
    );
    expect(lines[3]).toBe(`${formatDateTime('2026-11-23T02:00:00.000Z')}负责人 王丽（我） → 坐席 1f5a3c1e…`);
    expect(lines[4]).toBe(`${formatDateTime('2026-11-23T01:00:00.000Z')}创建（新建）`);
    expect(tags(zh, 'timeline-unsynced')).toHaveLength(3);
    expect(tags(zh, 'timeline-entry').map((t) => /data-pending="(\w+)"/.exec(t)?.[1])).toEqual(['true', 'true', 'true', 'false', 'false']);

    const en = texts(renderApp(stores, 'en'), 'timeline-entry');
    expect(en[0]).toBe(`${formatDateTime('2026-11-23T03:20:00.000Z')}Owner agent 1f5a3c1e… → 王丽 (you)Not yet synced`);
    expect(en[2]).toContain('Dispatched to 海淀中关村服务站, appointment');
  });

  it('says when the history could not be read, and when there is none', () => {
    const stores = cardWithOrder();
    stores.orderTimeline.setState({ orderId: ORDER_ID, orderNumber: 'x', phase: 'error', error: { code: 'not_found', message: 'order is not in this seat’s cache' } });
    expect(texts(renderApp(stores, 'en'), 'order-timeline-error')[0]).toContain('order is not in this seat’s cache');
    stores.orderTimeline.setState({ phase: 'loaded', entries: [], error: null });
    expect(texts(renderApp(stores, 'en'), 'order-timeline')[0]).toContain('No history recorded yet');
  });
});

describe('owner handover on the card', () => {
  it('has a handover button on open orders; the form lists the branch’s other agents', () => {
    const stores = cardWithOrder();
    const orders = [order({ id: ORDER_ID, orderNumber: 'BJ01-07-20261123-0002', status: 'accepted' }), order({ id: '20000000-0000-4000-8000-000000000009', status: 'closed' })];
    stores.card.setState({ card: { ...card(), orders } });
    expect(tags(renderApp(stores), 'order-handover')).toHaveLength(1);
    const branchId = session().branch.id;
    stores.orderOwner.setState({
      orderId: ORDER_ID,
      ownerAgentId: OTHER_AGENT_ID,
      agents: [
        { id: AGENT_ID, login: 'agent07', displayName: '王丽', branchId, role: 'agent' },
        { id: OTHER_AGENT_ID, login: 'agent08', displayName: '王强', branchId, role: 'supervisor' },
      ],
    });
    const html = renderApp(stores, 'en');
    expect(tags(html, 'handover-form')).toHaveLength(1);
    expect(texts(html, 'handover-agent')).toEqual(['王强 (agent08, supervisor)']);
    // The timeline names owners from the same list.
    stores.orderTimeline.setState({ orderId: ORDER_ID, orderNumber: 'x', phase: 'loaded', entries: timelineEntries(orderTimeline()) });
    expect(texts(renderApp(stores, 'zh-CN'), 'timeline-entry')[0]).toContain('负责人 王强 → 王丽（我）');
  });

  it('asks a supervisor moving a colleague’s open order to another colleague for the reason (required), an owner for an optional note', () => {
    const stores = cardWithOrder();
    stores.card.setState({ card: { ...card(), orders: [order({ id: ORDER_ID, orderNumber: 'BJ01-07-20261123-0002', status: 'accepted', ownerAgentId: AGENT_ID })] } });
    const branchId = session().branch.id;
    const colleague = { id: OTHER_AGENT_ID, login: 'agent08', displayName: '王强', branchId, role: 'agent' as const };
    stores.orderOwner.setState({ orderId: ORDER_ID, ownerAgentId: OTHER_AGENT_ID, agents: [{ ...session().agent }, colleague] });
    const noteLabel = (html: string) => texts(html, 'handover-form')[0] ?? '';
    // The owner hands her own order over: a note, optional.
    expect(noteLabel(renderApp(stores, 'zh-CN'))).toContain('给新负责人的备注（可选）');
    expect(tags(renderApp(stores), 'handover-note')[0]).toContain('aria-required="false"');
    // The branch's supervisor moves it from her to a colleague: a reassignment, its reason required (as the seat and the backend check).
    const supervisor = { id: '2f5a3c1e-8d7b-4e2a-9c6f-1b2d3e4f5a63', login: 'super01', displayName: '赵敏', branchId, role: 'supervisor' as const };
    stores.session.setState({ session: { ...session(), agent: supervisor } });
    expect(noteLabel(renderApp(stores, 'zh-CN'))).toContain('改派原因（必填，接收坐席可见）');
    expect(noteLabel(renderApp(stores, 'en'))).toContain('Reason for the reassignment (required');
    expect(tags(renderApp(stores), 'handover-note')[0]).toContain('aria-required="true"');
  });
});

describe('overdue orders panel', () => {
  it('shows the timer that ran out and by how long, longest first, in both languages', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T12:00:00.000Z'));
    const stores = createAppStores(new FakeBridge());
    stores.session.setState({ phase: 'logged_in', session: session() });
    expect(tags(renderApp(stores), 'overdue-panel')).toHaveLength(0);
    expect(tags(renderApp(stores), 'overdue-open')).toHaveLength(1);
    stores.overdue.setState({
      panelOpen: true,
      phase: 'loaded',
      orders: [
        order({ id: '20000000-0000-4000-8000-000000000011', orderNumber: 'BJ01-07-20261123-0011', createdAt: '2026-11-23T07:15:00.000Z' }),
        order({ id: '20000000-0000-4000-8000-000000000012', orderNumber: 'BJ01-07-20261120-0012', status: 'accepted', createdAt: '2026-11-20T00:00:00.000Z', dispatchedAt: '2026-11-21T02:00:00.000Z' }),
      ],
    });
    const zh = renderApp(stores, 'zh-CN');
    expect(tags(zh, 'overdue-entry').map((t) => /data-timer="(\w+)"/.exec(t)?.[1])).toEqual(['onSite', 'dispatch']);
    expect(texts(zh, 'overdue-timer')).toEqual(['上门超时', '派单超时']);
    expect(texts(zh, 'overdue-by')).toEqual(['已超时 1 天 10 小时', '已超时 45 分钟']);
    const en = renderApp(stores, 'en');
    expect(texts(en, 'overdue-by')).toEqual(['overdue by 1 d 10 h', 'overdue by 45 min']);
    expect(texts(en, 'overdue-entry')[1]).toContain(`due ${formatDateTime('2026-11-23T11:15:00.000Z')}`);

    stores.overdue.setState({ orders: [] });
    expect(texts(renderApp(stores, 'en'), 'overdue-none')).toEqual(['No order of the branch is overdue']);
  });
});

describe('service-level countdown on the order row', () => {
  it('shows the time left to the next stage’s deadline, then that stage overdue; nothing once no timer runs', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T12:00:00.000Z'));
    const stores = createAppStores(new FakeBridge());
    stores.session.setState({ phase: 'logged_in', session: session() });
    const orders = [
      order({ id: '20000000-0000-4000-8000-000000000021', orderNumber: 'BJ01-07-20261123-0021', createdAt: '2026-11-23T11:00:00.000Z' }),
      order({ id: '20000000-0000-4000-8000-000000000022', orderNumber: 'BJ01-07-20261123-0022', status: 'dispatched', createdAt: '2026-11-23T06:00:00.000Z', dispatchedAt: '2026-11-23T09:00:00.000Z', outletId: OUTLET_ID }),
      order({ id: '20000000-0000-4000-8000-000000000023', orderNumber: 'BJ01-07-20261123-0023', status: 'closed', createdAt: '2026-11-01T06:00:00.000Z' }),
    ];
    stores.card.setState({ customerId: CUSTOMER_ID, phase: 'loaded', card: { ...card(), orders } });
    const zh = renderApp(stores, 'zh-CN');
    expect(texts(zh, 'order-countdown')).toEqual(['派单剩 3 小时 0 分钟']);
    expect(tags(zh, 'order-overdue').map((t) => /data-kind="(\w+)"/.exec(t)?.[1])).toEqual(['accept']);
    expect(texts(zh, 'order-overdue')).toEqual(['接单超时']);
    expect(texts(renderApp(stores, 'en'), 'order-countdown')).toEqual(['Dispatch in 3 h 0 min']);
  });
});
