import { describe, expect, it } from 'vitest';
import { changesBetween, draftOf, emptyDraft, toNewCustomer, withField } from '../../renderer/src/customer/customerDraft.js';
import { createEditCustomerStore } from '../../renderer/src/customer/editCustomerStore.js';
import { createNewCustomerStore } from '../../renderer/src/customer/newCustomerStore.js';
import type { Customer } from '../../shared/domain/customer.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { deferred, FakeBridge, flush } from './fakeBridge.js';
import { card, CUSTOMER_ID_2 } from './fixtures.js';

const created = (): Customer => ({ ...card(CUSTOMER_ID_2).customer, name: '刘洋', phone: '+8613911112222' });

function filled(store: ReturnType<typeof createNewCustomerStore>) {
  const s = store.getState();
  s.setField('name', '刘洋');
  s.setField('phone', '139 1111 2222');
  s.setField('provinceCode', '110000');
  s.setField('cityCode', '110100');
  s.setField('address', '海淀区学院路 5 号');
}

describe('new customer store', () => {
  it('opens with what is given, the rest empty', () => {
    const store = createNewCustomerStore(new FakeBridge());
    expect(store.getState().open).toBe(false);
    store.getState().start({ phone: '13911112222' });
    expect(store.getState()).toMatchObject({ open: true, draft: { ...emptyDraft(), phone: '13911112222' }, fieldErrors: {}, error: null });
  });

  it('creates the customer with the form as typed, and an empty other phone as none', async () => {
    const opened: string[] = [];
    const bridge = new FakeBridge({ 'customers.create': () => created() });
    const store = createNewCustomerStore(bridge, { onCreated: (c) => opened.push(c.id) });
    store.getState().start();
    filled(store);
    const customer = await store.getState().submit();
    expect(customer?.id).toBe(CUSTOMER_ID_2);
    expect(bridge.callsOf('customers.create')).toEqual([
      { name: '刘洋', phone: '139 1111 2222', altPhone: null, vipTier: 'none', provinceCode: '110000', cityCode: '110100', districtCode: null, address: '海淀区学院路 5 号', samePhoneReason: null, tags: [] },
    ]);
    expect(opened).toEqual([CUSTOMER_ID_2]);
    expect(store.getState()).toMatchObject({ open: false, draft: emptyDraft() });
  });

  it('puts a bad_input error on the field it names and keeps the form', async () => {
    const bridge = new FakeBridge({
      'customers.create': () => {
        throw new WorkstationError('bad_input', 'phone: not a valid phone number: "123"; address: address is required');
      },
    });
    const store = createNewCustomerStore(bridge);
    store.getState().start({ phone: '123' });
    expect(await store.getState().submit()).toBeNull();
    const state = store.getState();
    expect(state).toMatchObject({ open: true, pending: false, error: null, draft: { phone: '123' } });
    expect(state.fieldErrors.phone).toMatchObject({ kind: 'invalidPhone', value: '123' });
    expect(state.fieldErrors.address?.kind).toBe('required');
    expect(state.fieldErrors.name).toBeUndefined();
    // Typing in a field clears its error only.
    state.setField('phone', '13911112222');
    expect(Object.keys(store.getState().fieldErrors)).toEqual(['address']);
  });

  it('shows a failure that names no field as the form’s error', async () => {
    const bridge = new FakeBridge({
      'customers.create': () => {
        throw new WorkstationError('not_logged_in', 'log in first');
      },
    });
    const store = createNewCustomerStore(bridge);
    store.getState().start();
    await store.getState().submit();
    expect(store.getState()).toMatchObject({ fieldErrors: {}, error: { code: 'not_logged_in', message: 'log in first' } });
  });

  it('sends one request at a time and drops the answer for a cancelled form', async () => {
    const answer = deferred<Customer>();
    const opened: string[] = [];
    const bridge = new FakeBridge({ 'customers.create': () => answer.promise });
    const store = createNewCustomerStore(bridge, { onCreated: (c) => opened.push(c.id) });
    store.getState().start();
    const first = store.getState().submit();
    expect(store.getState().pending).toBe(true);
    expect(await store.getState().submit()).toBeNull();
    expect(bridge.callsOf('customers.create')).toHaveLength(1);
    store.getState().cancel();
    answer.resolve(created());
    expect(await first).toBeNull();
    await flush();
    expect(opened).toEqual([]);
    expect(store.getState().open).toBe(false);
  });
});

describe('customer drafts', () => {
  it('clear the city and district under a province picked anew, the district under a new city', () => {
    const picked = { ...emptyDraft(), provinceCode: '110000', cityCode: '110100', districtCode: '110108' };
    expect(withField(picked, 'provinceCode', '440000')).toMatchObject({ provinceCode: '440000', cityCode: '', districtCode: '' });
    expect(withField(picked, 'provinceCode', '110000')).toMatchObject({ cityCode: '110100', districtCode: '110108' });
    expect(withField({ ...picked, provinceCode: '440000' }, 'cityCode', '440300')).toMatchObject({ cityCode: '440300', districtCode: '' });
  });

  it('send a region as its three codes, and none of them when it was not touched', () => {
    const original = draftOf(card().customer);
    expect(original).toMatchObject({ provinceCode: '110000', cityCode: '110100', districtCode: '110108' });
    expect(changesBetween(original, { ...original, districtCode: '110105' })).toEqual({ provinceCode: '110000', cityCode: '110100', districtCode: '110105' });
    expect(changesBetween(original, { ...original, districtCode: '' })).toEqual({ provinceCode: '110000', cityCode: '110100', districtCode: null });
    expect(changesBetween(original, { ...original, samePhoneReason: '同一家庭' })).toEqual({ samePhoneReason: '同一家庭' });
  });

  it('turn into NewCustomer and into only the changes made', () => {
    const customer = { ...card().customer, altPhone: '+861062345678' };
    const original = draftOf(customer);
    expect(original).toMatchObject({ phone: '+86 138 0013 8000', altPhone: '+86 10 6234 5678', vipTier: 'gold' });
    expect(changesBetween(original, original)).toBeNull();
    expect(changesBetween(original, { ...original, phone: '13800138000', altPhone: '010-62345678' })).toBeNull();
    expect(changesBetween(original, { ...original, phone: '13900001111' })).toEqual({ phone: '13900001111' });
    expect(changesBetween(original, { ...original, altPhone: ' ', vipTier: 'platinum' })).toEqual({ altPhone: null, vipTier: 'platinum' });
    expect(toNewCustomer({ ...original, altPhone: '' }).altPhone).toBeNull();
  });
});

describe('new customer for a number that already has a customer (bug 4)', () => {
  const holder = card();

  it('warns at once with the customer who has the number, and opens them on request', async () => {
    const opened: string[] = [];
    const bridge = new FakeBridge({ 'customers.screenPop': () => ({ phone: holder.customer.phone, card: holder }) });
    const store = createNewCustomerStore(bridge, { onOpenCustomer: (id) => opened.push(id) });
    store.getState().start({ phone: '138 0013 8000' });
    await flush();
    expect(bridge.callsOf('customers.screenPop')).toEqual([{ phone: '138 0013 8000' }]);
    expect(store.getState().phoneHolder).toEqual({ customerId: holder.customer.id, name: '张伟' });
    store.getState().openPhoneHolder();
    expect(opened).toEqual([holder.customer.id]);
    expect(store.getState().open).toBe(false);
  });

  it('says nothing for a number nobody has, and forgets the holder when the phone is retyped', async () => {
    const bridge = new FakeBridge({ 'customers.screenPop': ({ phone }) => (phone.startsWith('138') ? { phone: holder.customer.phone, card: holder } : { phone: null, card: null }) });
    const store = createNewCustomerStore(bridge);
    store.getState().start({ phone: '139 0000 0000' });
    await flush();
    expect(store.getState().phoneHolder).toBeNull();
    store.getState().start({ phone: '138 0013 8000' });
    await flush();
    expect(store.getState().phoneHolder).not.toBeNull();
    store.getState().setField('phone', '13900000000');
    expect(store.getState().phoneHolder).toBeNull();
  });

  it('names no holder when the number is only another customer\'s second phone (the rule counts main phones)', async () => {
    const bridge = new FakeBridge({ 'customers.screenPop': () => ({ phone: '+861062345678', card: { ...holder, customer: { ...holder.customer, altPhone: '+861062345678' } } }) });
    const store = createNewCustomerStore(bridge);
    store.getState().start({ phone: '010 6234 5678' });
    await flush();
    expect(store.getState().phoneHolder).toBeNull();
  });

  it('shows a refused save (phone_taken) on the phone field and names the holder', async () => {
    const refusal = { code: 'phone_taken', field: 'phone', params: { phone: '+8613800138000', customerId: holder.customer.id, customerName: '张伟' } } as const;
    const bridge = new FakeBridge({
      'customers.create': () => {
        throw new WorkstationError('phone_taken', '+8613800138000 already belongs to 张伟', refusal);
      },
    });
    const store = createNewCustomerStore(bridge);
    store.getState().start();
    filled(store);
    expect(await store.getState().submit()).toBeNull();
    expect(store.getState().fieldErrors.phone).toMatchObject({ kind: 'refused', refusal: { code: 'phone_taken' } });
    expect(store.getState().phoneHolder).toEqual({ customerId: holder.customer.id, name: '张伟' });
  });
});

describe('edit customer store', () => {
  it('asks to pick the region of a customer whose free text named no division', () => {
    const store = createEditCustomerStore(new FakeBridge());
    store.getState().start({ ...card().customer, province: '火星', city: '奥林帕斯', provinceCode: null, cityCode: null, districtCode: null });
    expect(store.getState()).toMatchObject({ regionToPick: '火星 奥林帕斯', draft: { provinceCode: '', cityCode: '' } });
    store.getState().start(card().customer);
    expect(store.getState().regionToPick).toBeNull();
  });

  it('saves only what changed, then closes and says so', async () => {
    const saved: string[] = [];
    const bridge = new FakeBridge({ 'customers.update': ({ customerId, changes }) => ({ ...card(customerId).customer, ...(changes as object) }) as Customer });
    const store = createEditCustomerStore(bridge, { onSaved: (c) => saved.push(c.address) });
    store.getState().start(card().customer);
    store.getState().setField('address', '海淀区中关村大街 27 号');
    store.getState().setField('vipTier', 'platinum');
    await store.getState().submit();
    expect(bridge.callsOf('customers.update')).toEqual([
      { customerId: card().customer.id, changes: { address: '海淀区中关村大街 27 号', vipTier: 'platinum' } },
    ]);
    expect(saved).toEqual(['海淀区中关村大街 27 号']);
    expect(store.getState().customerId).toBeNull();
  });

  it('closes without a call when nothing changed', async () => {
    const bridge = new FakeBridge();
    const store = createEditCustomerStore(bridge);
    store.getState().start(card().customer);
    store.getState().setField('name', '张伟');
    expect(await store.getState().submit()).toBeNull();
    expect(bridge.calls).toHaveLength(0);
    expect(store.getState().customerId).toBeNull();
  });

  it('puts the service’s `changes.phone` error on the phone field', async () => {
    const bridge = new FakeBridge({
      'customers.update': () => {
        throw new WorkstationError('bad_input', 'changes.phone: not a valid phone number: "0000"');
      },
    });
    const store = createEditCustomerStore(bridge);
    store.getState().start(card().customer);
    store.getState().setField('phone', '0000');
    await store.getState().submit();
    expect(store.getState()).toMatchObject({ customerId: card().customer.id, error: null, fieldErrors: { phone: { kind: 'invalidPhone', value: '0000' } } });
  });
});
