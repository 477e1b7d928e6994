/**
 * Where a string holding U+0000 sits in an input (object keys included), or null. PostgreSQL
 * cannot store NUL in text — it fails the whole statement — so no entry point accepts it: REST
 * routes and the workstation contract refuse such input, and a pushed mutation carrying one is
 * rejected on its own.
 */
export function pathOfNul(value: unknown, path: readonly string[] = []): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? [...path] : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = key.includes('\u0000') ? [...path, key] : pathOfNul(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** "name: must not contain a NUL character", naming the field as the other input errors do. */
export function nulMessage(path: readonly string[]): string {
  return `${path.length ? path.join('.') : '(input)'}: must not contain a NUL character`;
}
