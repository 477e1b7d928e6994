import { describe, expect, it } from 'vitest';
import { phoneTakenRefusal } from './customerPhone.js';

const held = { id: 'a', name: '王芳', deleted: false };

describe('one customer per phone in a branch (phoneTakenRefusal)', () => {
  it('refuses a second customer with the phone, naming the one who has it', () => {
    expect(phoneTakenRefusal({ id: 'b', phone: '+8613800138000', samePhoneReason: null }, [held])).toEqual({
      code: 'phone_taken',
      field: 'phone',
      params: { phone: '+8613800138000', customerId: 'a', customerName: '王芳' },
    });
  });

  it('lets it through with a reason, for the holder itself, and past deleted holders', () => {
    expect(phoneTakenRefusal({ id: 'b', phone: '+8613800138000', samePhoneReason: '同一店铺的座机' }, [held])).toBeNull();
    expect(phoneTakenRefusal({ id: 'a', phone: '+8613800138000', samePhoneReason: null }, [held])).toBeNull();
    expect(phoneTakenRefusal({ id: 'b', phone: '+8613800138000', samePhoneReason: null }, [{ ...held, deleted: true }])).toBeNull();
    expect(phoneTakenRefusal({ id: 'b', phone: '+8613800138000', samePhoneReason: null }, [])).toBeNull();
  });
});
