/**
 * Row mappers compiled once per entity from its declaration. An initial sync maps about a million
 * rows: a function written out field by field (`{ id: r.id, branchId: r.branch_id, … }`) is as
 * fast as a hand-written one, where a loop over a column list reading `row[name]` is several times
 * slower. The generated source holds only names checked by `member` and operators of the callers'.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A property name checked to be a plain identifier, fit to be written into a mapper's source. */
export function member(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`synced row mapper: "${name}" is not a plain field or column name`);
  return name;
}

/**
 * A function of `args` returning the expression `returned` (an object or array literal built of
 * member reads). `helpers` is reachable in it as `h` (JSON conversions, derived columns).
 */
export function compiledMapper<F>(args: readonly string[], returned: string, helpers: Readonly<Record<string, unknown>> = {}, check = ''): F {
  return new Function('h', `"use strict"; return function (${args.map(member).join(', ')}) { ${check} return ${returned}; };`)(helpers) as F;
}
