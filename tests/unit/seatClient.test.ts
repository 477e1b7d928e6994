import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import { WorkstationService } from '../../main/services/workstationService.js';
import { DEFAULT_SEAT_CONFIG } from '../../shared/seatConfig.js';
import { WorkstationError, workstationMethods, type CustomerCard } from '../../shared/workstationApi.js';
import { seatClient } from '../support/seatClient.js';
import { makeTempDir } from '../support/tempDir.js';

const tmp = makeTempDir('seat-client');
const service = new WorkstationService({ config: { ...DEFAULT_SEAT_CONFIG, dataDir: tmp.dir }, host: 'browser-seat', appVersion: 'seat-client-test' });
afterAll(() => {
  service.close();
  tmp.cleanup();
});

describe('the typed seat client', () => {
  const seat = seatClient(service);

  it('has one function for every method of the contract, and no other', () => {
    const methods = Object.entries(seat).flatMap(([namespace, calls]) => Object.keys(calls).map((name) => `${namespace}.${name}`));
    expect(methods.sort()).toEqual(Object.keys(workstationMethods).sort());
  });

  it("calls the seat's dispatch and resolves to the method's output", async () => {
    expect(await seat.seat.info()).toEqual({ host: 'browser-seat', seatCode: DEFAULT_SEAT_CONFIG.seatCode, backendUrl: DEFAULT_SEAT_CONFIG.backendUrl, appVersion: 'seat-client-test' });
    expect(await seat.session.current()).toBeNull();
  });

  it('rejects with the WorkstationError the renderer would get', async () => {
    const refused = seat.customers.search({ query: '王' });
    await expect(refused).rejects.toBeInstanceOf(WorkstationError);
    await expect(refused).rejects.toMatchObject({ code: 'not_logged_in' });
    await expect(seat.customers.screenPop({ phone: ' ' })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringContaining('phone') });
  });

  it('types inputs and outputs from the contract', () => {
    expectTypeOf(seat.customers.screenPop).parameter(0).toEqualTypeOf<{ phone: string }>();
    expectTypeOf(seat.customers.screenPop).returns.resolves.toEqualTypeOf<{ phone: string | null; card: CustomerCard | null }>();
    expectTypeOf(seat.sync.now).parameters.toEqualTypeOf<[input?: Record<string, never>]>();
  });
});
