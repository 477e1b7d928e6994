import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Complaint } from '../../shared/domain/complaint.js';
import { workstationMethods } from '../../shared/workstationApi.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { escalatedComplaints } from './escalatedComplaints.js';
import { LocalCache } from './localCache/localCache.js';

/**
 * 'complaints.escalated' at the seat, against a real cache file: the branch's open complaints the
 * backend escalated (not those still with the agent, not resolved ones), headquarters' first, then
 * the soonest running deadline, each with the customer's name.
 */
const tmp = makeTempDir('escalated-complaints');
afterAll(tmp.cleanup);

const branchId = '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
const customerId = '6f1d2c3b-4a5e-4f60-8a7b-00000000000a';
const agentId = '1b1c2d3e-4f50-4a6b-8c7d-000000000002';
const NOW = new Date('2026-12-07T06:00:00.000Z');
const hoursBefore = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
let version = 0;

function complaint(n: number, over: Partial<Complaint>): Complaint {
  return {
    id: `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`, branchId, customerId, orderId: null, outletId: null, technicianName: null, category: 'lateness', severity: 'normal',
    channel: 'phone', customerWords: '师傅没来', customerWants: '', status: 'received', takenBy: agentId, receivedAt: hoursBefore(50), promisedBy: null, acknowledgeDueAt: hoursBefore(40),
    resolveDueAt: hoursBefore(-20), acknowledgedAt: null, resolvedAt: null, confirmedAt: null, reopenCount: 0, escalation: 'none', escalatedAt: null, resolution: '', compensationKind: 'none',
    compensationYuan: null, createdAt: hoursBefore(50), updatedAt: hoursBefore(50), version: ++version, deleted: false, ...over,
  };
}

describe("'complaints.escalated' at the seat", () => {
  it('lists the open escalated complaints, headquarters first, then the soonest deadline, with the customer', () => {
    const cache = LocalCache.open(path.join(tmp.dir, 'escalated.db'));
    cache.customers.upsert({
      id: customerId, branchId, name: '张伟', phone: '+8613800138000', altPhone: null, vipTier: 'none', province: '北京', city: '北京', provinceCode: null, cityCode: null, districtCode: null,
      samePhoneReason: null, address: '海淀区', tags: [], createdAt: hoursBefore(1000), updatedAt: hoursBefore(1000), version: ++version, deleted: false,
    });
    cache.complaints.upsert(complaint(1, {})); // still with the agent
    cache.complaints.upsert(complaint(2, { escalation: 'supervisor', escalatedAt: hoursBefore(30), acknowledgeDueAt: hoursBefore(10) }));
    cache.complaints.upsert(complaint(3, { escalation: 'supervisor', escalatedAt: hoursBefore(30), acknowledgeDueAt: hoursBefore(35) }));
    cache.complaints.upsert(complaint(4, { escalation: 'headquarters', escalatedAt: hoursBefore(5), status: 'investigating', acknowledgedAt: hoursBefore(45) }));
    cache.complaints.upsert(complaint(5, { escalation: 'supervisor', status: 'resolved', resolvedAt: hoursBefore(1) })); // done
    const listed = workstationMethods['complaints.escalated'].output.parse(escalatedComplaints(cache, NOW, 100));
    expect(listed.map((r) => [Number(r.complaint.id.slice(-2)), r.complaint.escalation, r.customerName])).toEqual([
      [4, 'headquarters', '张伟'],
      [3, 'supervisor', '张伟'],
      [2, 'supervisor', '张伟'],
    ]);
    expect(escalatedComplaints(cache, NOW, 1)).toHaveLength(1);
    cache.close();
  });
});
