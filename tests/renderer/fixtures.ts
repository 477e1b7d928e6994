import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { ChangedRows, RowsChangedNotice } from '../../shared/rowChanges.js';
import type { ConflictAtSeat, CustomerCard, CustomerSummary, DeadLetterAtSeat, ProductWithWarranty, SessionInfo, SyncStatus } from '../../shared/workstationApi.js';

export const BRANCH_ID = '7d0b6a4e-2f0c-4b39-9a57-3c1f2c0b9a01';
export const AGENT_ID = '0f5a3c1e-8d7b-4e2a-9c6f-1b2d3e4f5a61';
const OTHER_AGENT_ID = '0f5a3c1e-8d7b-4e2a-9c6f-1b2d3e4f5a62';
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
  lastErrorCode: null,
  ...over,
});

/** A `data.changed` notice: each change names its entity and whatever ids the test gives. */
export const rowsChanged = (...changes: Array<Pick<ChangedRows, 'entity'> & Partial<ChangedRows>>): RowsChangedNotice => ({
  changes: changes.map((c) => ({ ids: [], customerIds: [], orderIds: [], ...c })),
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
  outletId: null, appointmentStart: null, appointmentEnd: null, dispatchedAt: null, warranty: null, feeConsent: null, duplicateReason: null, duplicateReview: null, completion: null, cancelReason: null, handoverNote: null,
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
    provinceCode: '110000', cityCode: '110100', districtCode: '110108', samePhoneReason: null, tags: [],
    address: '海淀区中关村大街 1 号',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  },
  products: [],
  orders: [],
});

export const PRODUCT_ID = '10000000-0000-4000-8000-000000000001';
export const PRODUCT_ID_2 = '10000000-0000-4000-8000-000000000002';

export const product = (over: Partial<ProductWithWarranty> = {}): ProductWithWarranty => ({
  id: PRODUCT_ID,
  version: 1,
  deleted: false,
  customerId: CUSTOMER_ID,
  branchId: BRANCH_ID,
  serialNumber: 'AC2023BJ000123',
  model: 'KFR-35GW',
  category: 'air_conditioner',
  purchaseDate: '2023-05-01',
  warrantyMonths: 72,
  warranty: { status: 'in_warranty', expiresOn: '2029-05-01' },
  ...over,
});

export const deadLetter = (over: Partial<DeadLetterAtSeat> = {}): DeadLetterAtSeat => ({
  mutationId: 'a0000000-0000-4000-8000-000000000001',
  entity: 'customer',
  entityId: CUSTOMER_ID,
  op: 'update',
  patch: { phone: '+8613900001111', updatedAt: '2026-11-23T05:00:00.000Z' },
  code: 'out_of_scope',
  message: 'customer is outside your branch',
  refusal: null,
  createdAt: '2026-11-23T05:00:00.000Z',
  rejectedAt: '2026-11-23T05:01:00.000Z',
  record: { customerName: '张伟', orderNumber: null, product: null },
  ...over,
});

export const CONFLICT_ID = 'b0000000-0000-4000-8000-000000000001';

export const conflict = (over: Partial<ConflictAtSeat> = {}): ConflictAtSeat => ({
  id: CONFLICT_ID,
  version: 7,
  deleted: false,
  entity: 'customer',
  entityId: CUSTOMER_ID,
  branchId: BRANCH_ID,
  field: 'address',
  mine: '海淀区中关村大街 27 号',
  theirs: '朝阳区建国路 88 号',
  mutationId: 'a0000000-0000-4000-8000-000000000009',
  seatId: '07/c0000000-0000-4000-8000-000000000007',
  agentId: AGENT_ID,
  createdAt: '2026-11-23T05:10:00.000Z',
  resolved: false,
  theirsAgentId: OTHER_AGENT_ID,
  theirsSeatId: '12/c0000000-0000-4000-8000-000000000012',
  theirsAt: '2026-11-23T05:08:00.000Z',
  pushedHere: true,
  pushedBy: { agentId: AGENT_ID, agentName: '李娜', seatCode: '07' },
  keptBy: { agentId: OTHER_AGENT_ID, agentName: '王芳', seatCode: '12' },
  keptHere: false,
  record: { customerName: '张伟', orderNumber: null, product: null },
  ...over,
});
