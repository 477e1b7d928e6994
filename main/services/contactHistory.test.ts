import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SyncChange } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import type { ContactHistoryKind } from '../../shared/domain/contactHistory.js';
import { ReceivedRefusal } from '../../shared/domain/refusal.js';
import { WorkstationError, workstationMethods } from '../../shared/workstationApi.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { recordManualContact } from './contactChanges.js';
import { contactHistory } from './contactHistory.js';
import { LocalCache } from './localCache/localCache.js';
import type { SeatChangeContext } from './recordLocalRow.js';

/**
 * 'contacts.history' at the seat, against a real cache file: one customer with a row of every
 * source (calls answered, missed and turned away, a contact recorded by hand, notes, order events,
 * a follow-up with its outcome, a campaign call, a complaint with its steps), and another customer
 * of the same branch whose rows must never show. Times are minutes before a fixed NOW, so the
 * expected order is written out by hand.
 */
const tmp = makeTempDir('contact-history');
afterAll(tmp.cleanup);

const uuid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const branchId = uuid('0b1c2d3e', 1);
const agentId = uuid('1a1a1a1a', 1);
const peerId = uuid('1a1a1a1a', 2);
const ME = uuid('c1c1c1c1', 1);
const OTHER = uuid('c1c1c1c1', 2);
const order1 = uuid('b1b1b1b1', 1);
const order2 = uuid('b1b1b1b1', 2);
const otherOrder = uuid('b1b1b1b1', 3);
const campaignId = uuid('cacacaca', 1);
const NOW = new Date('2026-11-23T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();
const agents: Agent[] = [
  { id: agentId, branchId, login: 'bj.agent1', displayName: '王芳', role: 'agent' },
  { id: peerId, branchId, login: 'bj.agent2', displayName: '李明', role: 'agent' },
] as Agent[];

let seq = 0;
const change = (entity: SyncChange['entity'], row: Record<string, unknown>): SyncChange => {
  seq += 1;
  return { seq, entity, row: { version: seq, deleted: false, ...row } } as SyncChange;
};
const customer = (id: string, name: string) =>
  change('customer', { id, branchId, name, phone: `+861380013800${id.slice(-1)}`, altPhone: null, vipTier: 'none', province: '北京', city: '北京', provinceCode: null, cityCode: null, districtCode: null, samePhoneReason: null, tags: [], address: '朝阳区', createdAt: minutesAgo(10_000), updatedAt: minutesAgo(10_000) });
const order = (id: string, customerId: string, n: number) =>
  change('serviceOrder', {
    id, orderNumber: `BJ01-01-20261120-000${n}`, customerId, productId: null, branchId, type: 'repair', status: 'completed', fault: '不制冷', ownerAgentId: agentId,
    createdAt: minutesAgo(5000), updatedAt: minutesAgo(100), outletId: null, appointmentStart: null, appointmentEnd: null, dispatchedAt: null, warranty: null, feeConsent: null, duplicateReason: null, duplicateReview: null, completion: null, cancelReason: null, handoverNote: null,
  });
const call = (n: number, customerId: string, minutes: number, disposition: string, over: Record<string, unknown> = {}) =>
  change('interaction', {
    id: uuid('11111111', n), branchId, agentId, customerId, direction: 'inbound', remoteNumber: '+8613800138001', startedAt: minutesAgo(minutes),
    ringSeconds: 5, talkSeconds: disposition === 'missed' || disposition === 'turned_away' ? 0 : 120, wrapUpSeconds: 10, disposition, notes: `call ${n}`, channel: 'phone', ...over,
  });
const event = (n: number, orderId: string, minutes: number, kind: string, over: Record<string, unknown> = {}) =>
  change('orderEvent', {
    id: uuid('e1e1e1e1', n), orderId, branchId, seq: 100 + n, kind, fromStatus: kind === 'created' ? null : 'new', toStatus: kind === 'created' ? 'new' : 'dispatched',
    fromOwnerAgentId: null, toOwnerAgentId: null, note: null, outletId: null, appointmentStart: null, appointmentEnd: null, agentId, seatId: 'seat-1', at: minutesAgo(minutes), ...over,
  });
const note = (n: number, customerId: string, minutes: number, orderId: string | null = null) =>
  change('note', { id: uuid('20202020', n), branchId, customerId, orderId, authorId: peerId, text: `note ${n}`, createdAt: minutesAgo(minutes) });

function seeded(name: string): LocalCache {
  const cache = LocalCache.open(path.join(tmp.dir, `${name}.db`));
  cache.applyPulledPage(
    [
      customer(ME, '张伟'),
      customer(OTHER, '赵丽'),
      order(order1, ME, 1),
      order(order2, ME, 2),
      order(otherOrder, OTHER, 3),
      event(1, order1, 5000, 'created'),
      event(2, order1, 4000, 'status_changed'),
      event(3, order2, 70, 'created'),
      event(4, otherOrder, 1, 'created'), // another customer's, newest of all
      call(1, ME, 3000, 'order_created'),
      call(2, ME, 60, 'missed'),
      call(3, ME, 50, 'turned_away'),
      call(4, ME, 5, 'resolved'),
      call(5, OTHER, 2, 'resolved'),
      call(6, ME, 40, 'other', { channel: 'wechat', direction: 'inbound', remoteNumber: null, ringSeconds: 0, talkSeconds: 0, wrapUpSeconds: 0, notes: '微信发来故障照片' }),
      note(1, ME, 45),
      note(2, ME, 35, order1),
      note(3, OTHER, 3),
      change('followUp', {
        id: uuid('f0f0f0f0', 1), orderId: order1, customerId: ME, branchId, dueAt: minutesAgo(1000), status: 'done', satisfaction: 4, remarks: '满意', doneAt: minutesAgo(30), doneBy: agentId,
        createdAt: minutesAgo(3500), attempts: 2, lastOutcome: 'done', lastAttemptAt: minutesAgo(30),
      }),
      change('followUp', {
        id: uuid('f0f0f0f0', 2), orderId: otherOrder, customerId: OTHER, branchId, dueAt: minutesAgo(1000), status: 'open', satisfaction: null, remarks: '', doneAt: null, doneBy: null,
        createdAt: minutesAgo(4), attempts: 0, lastOutcome: null, lastAttemptAt: null,
      }),
      change('campaign', { id: campaignId, branchId, name: '夏季空调清洗', kind: 'promotion', script: '', startsOn: '2026-11-01', endsOn: '2026-12-31' }),
      change('campaignTarget', { id: uuid('ca000000', 1), campaignId, branchId, customerId: ME, phone: '+8613800138001', position: 1, status: 'no_answer', outcomeNotes: '无人接听', calledAt: minutesAgo(25), calledBy: peerId }),
      change('campaignTarget', { id: uuid('ca000000', 2), campaignId, branchId, customerId: OTHER, phone: '+8613800138002', position: 2, status: 'done', outcomeNotes: '', calledAt: minutesAgo(6), calledBy: peerId }),
      change('campaignTarget', { id: uuid('ca000000', 3), campaignId, branchId, customerId: ME, phone: '+8613800138001', position: 3, status: 'pending', outcomeNotes: '', calledAt: null, calledBy: null }),
      change('complaint', {
        id: uuid('c0c0c0c0', 1), branchId, customerId: ME, orderId: order1, outletId: null, technicianName: null, category: 'lateness', severity: 'normal', channel: 'phone',
        customerWords: '师傅迟到两小时', customerWants: '道歉', status: 'resolved', takenBy: agentId, receivedAt: minutesAgo(20), promisedBy: null,
        acknowledgeDueAt: minutesAgo(-100), resolveDueAt: minutesAgo(-4000), acknowledgedAt: minutesAgo(15), resolvedAt: minutesAgo(10), confirmedAt: null, reopenCount: 0,
        escalation: 'none', escalatedAt: null, resolution: '已道歉并减免上门费', compensationKind: 'fee_waived', compensationYuan: 50, createdAt: minutesAgo(20), updatedAt: minutesAgo(10),
      }),
    ],
    seq,
    NOW.toISOString(),
  );
  return cache;
}

const query = (over: { kinds?: ContactHistoryKind[]; offset?: number; limit?: number } = {}) =>
  workstationMethods['contacts.history'].input.parse({ customerId: ME, ...over });
const keys = (cache: LocalCache, over: Parameters<typeof query>[0] = {}) => contactHistory(cache, agents, query(over)).entries.map((e) => e.key);

/** Every entry of ME, newest first, as written out from the fixture's minutes. */
const EVERYTHING = [
  'call:11111111-0000-4000-8000-000000000004', // 5
  'complaint:c0c0c0c0-0000-4000-8000-000000000001:resolved', // 10
  'complaint:c0c0c0c0-0000-4000-8000-000000000001:acknowledged', // 15
  'complaint:c0c0c0c0-0000-4000-8000-000000000001:received', // 20
  'campaign:ca000000-0000-4000-8000-000000000001', // 25
  'followUp:f0f0f0f0-0000-4000-8000-000000000001:outcome', // 30
  'note:20202020-0000-4000-8000-000000000002', // 35
  'contact:11111111-0000-4000-8000-000000000006', // 40
  'note:20202020-0000-4000-8000-000000000001', // 45
  'call:11111111-0000-4000-8000-000000000003', // 50
  'call:11111111-0000-4000-8000-000000000002', // 60
  'order:e1e1e1e1-0000-4000-8000-000000000003', // 70
  'call:11111111-0000-4000-8000-000000000001', // 3000
  'followUp:f0f0f0f0-0000-4000-8000-000000000001:scheduled', // 3500
  'order:e1e1e1e1-0000-4000-8000-000000000002', // 4000
  'order:e1e1e1e1-0000-4000-8000-000000000001', // 5000
];

describe("'contacts.history' at the seat", () => {
  it('merges every kind of the customer, newest first, and none of another customer', () => {
    const cache = seeded('all');
    const page = contactHistory(cache, agents, query());
    expect(page.entries.map((e) => e.key)).toEqual(EVERYTHING);
    expect(page.more).toBe(false);
    expect(workstationMethods['contacts.history'].output.parse(page)).toEqual(page);
    const byKey = new Map(page.entries.map((e) => [e.key, e]));
    expect(byKey.get(EVERYTHING[0]!)).toMatchObject({ kind: 'call', step: 'answered', agentName: '王芳', text: 'call 4' });
    expect(byKey.get('call:11111111-0000-4000-8000-000000000002')).toMatchObject({ step: 'missed' });
    expect(byKey.get('call:11111111-0000-4000-8000-000000000003')).toMatchObject({ step: 'turned_away' });
    expect(byKey.get('contact:11111111-0000-4000-8000-000000000006')).toMatchObject({ kind: 'contact', step: 'wechat', text: '微信发来故障照片' });
    expect(byKey.get('note:20202020-0000-4000-8000-000000000002')).toMatchObject({ kind: 'note', agentName: '李明', orderNumber: 'BJ01-01-20261120-0001' });
    expect(byKey.get('campaign:ca000000-0000-4000-8000-000000000001')).toMatchObject({ step: 'no_answer', text: '无人接听', facts: { campaignName: '夏季空调清洗' } });
    expect(byKey.get('followUp:f0f0f0f0-0000-4000-8000-000000000001:outcome')).toMatchObject({ step: 'done', agentName: '王芳', byBackend: false, facts: { satisfaction: 4 } });
    expect(byKey.get('followUp:f0f0f0f0-0000-4000-8000-000000000001:scheduled')).toMatchObject({ agentId: null, byBackend: true });
    expect(byKey.get('complaint:c0c0c0c0-0000-4000-8000-000000000001:acknowledged')).toMatchObject({ agentId: null, byBackend: false });
    expect(byKey.get('complaint:c0c0c0c0-0000-4000-8000-000000000001:resolved')).toMatchObject({ text: '已道歉并减免上门费', facts: { compensationKind: 'fee_waived', compensationYuan: 50 } });
    expect(byKey.get('order:e1e1e1e1-0000-4000-8000-000000000003')).toMatchObject({ step: 'created', orderNumber: 'BJ01-01-20261120-0002' });
    // The other customer's history holds only theirs.
    const theirs = contactHistory(cache, agents, workstationMethods['contacts.history'].input.parse({ customerId: OTHER })).entries.map((e) => e.key);
    expect(theirs).toEqual([
      'order:e1e1e1e1-0000-4000-8000-000000000004',
      'call:11111111-0000-4000-8000-000000000005',
      'note:20202020-0000-4000-8000-000000000003',
      'followUp:f0f0f0f0-0000-4000-8000-000000000002:scheduled',
      'campaign:ca000000-0000-4000-8000-000000000002',
    ]);
    cache.close();
  });

  it('filters by kinds, keeping the order', () => {
    const cache = seeded('filters');
    for (const kinds of [['call'], ['contact'], ['note', 'complaint'], ['order', 'followUp', 'campaign']] as ContactHistoryKind[][]) {
      expect(keys(cache, { kinds })).toEqual(EVERYTHING.filter((k) => kinds.includes(k.split(':')[0] as ContactHistoryKind)));
    }
    cache.close();
  });

  it('pages: a page of n with "more", the next page from the offset, the pages together the whole', () => {
    const cache = seeded('pages');
    const pages: string[] = [];
    for (let offset = 0; ; offset += 5) {
      const page = contactHistory(cache, agents, query({ offset, limit: 5 }));
      pages.push(...page.entries.map((e) => e.key));
      expect(page.entries.length).toBe(Math.min(5, EVERYTHING.length - offset));
      if (!page.more) break;
    }
    expect(pages).toEqual(EVERYTHING);
    // A filtered page too.
    const calls = contactHistory(cache, agents, query({ kinds: ['call'], limit: 3 }));
    expect(calls.entries.map((e) => e.key)).toEqual(EVERYTHING.filter((k) => k.startsWith('call:')).slice(0, 3));
    expect(calls.more).toBe(true);
    cache.close();
  });
});

describe("'contacts.record' at the seat", () => {
  const context = (cache: LocalCache): SeatChangeContext => ({
    cache,
    agent: agents[0]!,
    branch: { id: branchId, code: 'BJ01', name: '北京分公司' } as SeatChangeContext['branch'],
    onChange: () => {},
    now: () => NOW,
  });
  const input = (over: Record<string, unknown>) => workstationMethods['contacts.record'].input.parse({ customerId: ME, channel: 'outlet_visit', text: '客户到网点咨询', ...over });
  const refusalCode = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(WorkstationError);
      return ReceivedRefusal.parse((error as WorkstationError).details).code;
    }
    throw new Error('not refused');
  };

  it('keeps a contact on the customer, newest in the history, queued for sync', () => {
    const cache = seeded('record');
    const row = recordManualContact(context(cache), input({ at: minutesAgo(1) }));
    expect(row).toMatchObject({ channel: 'outlet_visit', customerId: ME, agentId, notes: '客户到网点咨询', talkSeconds: 0, disposition: 'other' });
    expect(keys(cache)[0]).toBe(`contact:${row.id}`);
    expect(cache.outbox.pendingFor('interaction', row.id)).toHaveLength(1);
    // The card's calls list (the softphone's) stays calls only.
    expect(cache.interactions.ofCustomer(ME, 50).map((i) => i.channel)).toEqual(['phone', 'phone', 'phone', 'phone']);
    // Without a time: now.
    expect(recordManualContact(context(cache), input({ channel: 'email', text: '邮件投诉' })).startedAt).toBe(NOW.toISOString());
    cache.close();
  });

  it('refuses an empty text, a text over its limit and a time in the future, writing nothing', () => {
    const cache = seeded('refuse');
    expect(refusalCode(() => recordManualContact(context(cache), input({ text: '   ' })))).toBe('contact_text_empty');
    expect(refusalCode(() => recordManualContact(context(cache), input({ text: '字'.repeat(1001) })))).toBe('contact_text_too_long');
    expect(refusalCode(() => recordManualContact(context(cache), input({ at: minutesAgo(-60) })))).toBe('contact_in_future');
    expect(keys(cache, { kinds: ['contact'] })).toEqual(['contact:11111111-0000-4000-8000-000000000006']);
    cache.close();
  });
});
