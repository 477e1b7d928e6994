import { ApiFailure } from './apiFailure.js';

/** Where a keyset page ended: the last row's sort key and its id (ties broken by id). */
export interface PagePosition {
  key: string;
  id: string;
}

/** An opaque cursor for the next page. */
export function encodePageCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id])).toString('base64url');
}

/** The position a cursor names; 400 for anything this server did not hand out. */
export function decodePageCursor(cursor: string): PagePosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // not base64url JSON: refused below
  }
  throw new ApiFailure(400, 'bad_input', 'invalid query: cursor: not a cursor this server handed out');
}
