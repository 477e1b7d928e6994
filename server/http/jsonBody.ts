import type { FastifyInstance } from 'fastify';
import { ApiFailure } from './apiFailure.js';

/** Deeper than any request of the API (a push patch is a few levels); far below the stack's limit. */
const MAX_JSON_DEPTH = 64;

/**
 * Parses JSON bodies as Fastify does (prototype-poisoning keys refused), after refusing with 400
 * any body nested deeper than MAX_JSON_DEPTH: the checks that walk a parsed body recurse, and a
 * body nested thousands deep overflowed the stack (a 500, unauthenticated on /auth/login).
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (jsonDepth(text) > MAX_JSON_DEPTH) {
      done(new ApiFailure(400, 'bad_input', `invalid body: nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    parse(request, text, done);
  });
}

/** The deepest nesting of arrays and objects in JSON text, found in one pass without recursion. */
function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
