/**
 * The id a seat pushes its changes under (conflict records and order events keep it): the seat's
 * code, which agents know (the seat number on the desk, as in order numbers), and the instance id
 * of its cache, which tells two caches of one desk apart.
 */
export function pushingSeatId(seatCode: string, cacheInstanceId: string): string {
  return `${seatCode}/${cacheInstanceId}`;
}

/** The seat code in a pushed seat id; null for an id without one (REST writes, older seats). */
export function seatCodeOf(seatId: string | null): string | null {
  const slash = seatId?.indexOf('/') ?? -1;
  return seatId && slash > 0 ? seatId.slice(0, slash) : null;
}
