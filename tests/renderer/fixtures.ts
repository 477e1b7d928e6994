import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { CustomerCard, CustomerSummary, SessionInfo, SyncStatus } from '../../shared/workstationApi.js';

export const BRANCH_ID = '7d0b6a4e-2f0c-4b39-9a57-3c1f2c0b9a01';
export const AGENT_ID = '0f5a3c1e-8d7b-4e2a-9c6f-1b2d3e4f5a61';
export const CUSTOMER_ID = 'c3a1f2e4-5b6d-4c7e-8f90-a1b2c3d4e5f6';
export const CUSTOMER_ID_2 = 'd4b2e3f5-6c7e-4d8f-9a01-b2c3d4e5f6a7';

export const session = (offline = false): SessionInfo => ({
  agent: { id: AGENT_ID, login: 'agent07', displayName: '王丽', branchId: BRANCH_ID, role: 'agent' },
  branch: { id: BRANCH_ID, code: 'BJ01', name: '北京分部', regions: ['北京市'] },
  offline,
});

export const syncStatus = (over: Partial<SyncStatus> = {}): SyncStatus => ({
  online: true,
  syncing: false,
  lastSyncAt: '2026-11-23T05:30:00.000Z',
  pending: 0,
  progress: null,
  lastError: null,
  ...over,
});

export const summary = (over: Partial<CustomerSummary> = {}): CustomerSummary => ({
  id: CUSTOMER_ID,
  name: '张伟',
  phone: '+8613800138000',
  vipTier: 'gold',
  city: '北京市',
  address: '海淀区中关村大街 1 号',
  matchedOn: 'phone',
  ...over,
});

export const order = (over: Partial<ServiceOrder>): ServiceOrder => ({
  id: '00000000-0000-4000-8000-000000000001',
  version: 1,
  deleted: false,
  orderNumber: 'BJ01-07-20261101-0001',
  customerId: CUSTOMER_ID,
  productId: null,
  branchId: BRANCH_ID,
  type: 'repair',
  status: 'new',
  fault: '',
  ownerAgentId: AGENT_ID,
  createdAt: '2026-11-01T02:00:00.000Z',
  updatedAt: '2026-11-01T02:00:00.000Z',
  ...over,
});

export const card = (customerId = CUSTOMER_ID): CustomerCard => ({
  customer: {
    id: customerId,
    version: 3,
    deleted: false,
    branchId: BRANCH_ID,
    name: '张伟',
    phone: '+8613800138000',
    altPhone: null,
    vipTier: 'gold',
    province: '北京市',
    city: '北京市',
    address: '海淀区中关村大街 1 号',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  },
  products: [],
  orders: [],
});
