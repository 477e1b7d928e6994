/**
 * Text every engine stores as it was sent. PostgreSQL cannot store U+0000 (it fails the whole
 * statement), and a lone UTF-16 surrogate is stored as U+FFFD by one engine and kept by the other,
 * so a seat would read back something else than it wrote. No entry point accepts either: REST
 * routes and the workstation contract refuse such input, and a pushed mutation carrying one is
 * rejected on its own.
 */

/** A surrogate half without its partner: not a character, and not valid UTF-8 once encoded. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function problemOf(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(text)) return 'must not contain a lone UTF-16 surrogate';
  return null;
}

/**
 * "name: must not contain …" for the first string (object keys included) that could not be stored
 * as sent, naming the field as the other input errors do; null when all can.
 */
export function unstorableTextMessage(value: unknown): string | null {
  const found = firstUnstorable(value, []);
  return found && `${found.path.length ? found.path.join('.') : '(input)'}: ${found.problem}`;
}

function firstUnstorable(value: unknown, path: readonly string[]): { path: readonly string[]; problem: string } | null {
  if (typeof value === 'string') {
    const problem = problemOf(value);
    return problem ? { path, problem } : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const problem = problemOf(key);
    const found = problem ? { path: [...path, key], problem } : firstUnstorable(item, [...path, key]);
    if (found) return found;
  }
  return null;
}
