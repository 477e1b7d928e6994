/** What completing an order records (shared/domain/orderLifecycle.ts), for tests that complete one. */
export const TEST_COMPLETION = { resolution: '更换启动电容，试机正常', parts: [{ name: '启动电容', quantity: 1 }], fee: 0, technician: '张师傅' };

/** A status change with what its step records: the completion for completed, a reason for cancelled. */
export function statusPatch(status: string): Record<string, unknown> {
  if (status === 'completed') return { status, completion: TEST_COMPLETION };
  if (status === 'cancelled') return { status, cancelReason: '客户已自行解决' };
  return { status };
}
