import { describe, expect, it } from 'vitest';
import { latestRequest } from '../../renderer/src/app/latestRequest.js';

describe('latest request wins', () => {
  it('a new request outdates the earlier ones; joined ones run side by side until the next begin or drop', () => {
    const requests = latestRequest();
    const first = requests.begin();
    const second = requests.begin();
    expect([first(), second()]).toEqual([false, true]);
    const rowA = requests.join();
    const rowB = requests.join();
    expect([second(), rowA(), rowB()]).toEqual([true, true, true]);
    requests.drop();
    expect([second(), rowA(), rowB()]).toEqual([false, false, false]);
    const third = requests.begin();
    expect(third()).toBe(true);
  });
});
