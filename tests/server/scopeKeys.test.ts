import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entryKeys, scopeKeys, scopeWays, type AgentScope, type ScopeEntry } from '../../server/scope/agentScope.js';

/** The scope rule as keys (writers' ordering, live events) must say what its ways say (pull). */
describe('scope keys', () => {
  const id = fc.constantFrom('b1', 'b2', 'a1', 'a2');
  const entry = fc.record({
    branchId: id,
    ownerAgentId: fc.option(id, { nil: null }),
    exitedBranchId: fc.option(id, { nil: null }),
    exitedOwnerAgentId: fc.option(id, { nil: null }),
  });
  const scope = fc.record({ branchId: id, agentId: fc.option(id, { nil: undefined }) }, { requiredKeys: ['branchId'] });

  it('an entry shares a key with a scope exactly when one of the scope’s ways finds it', () => {
    fc.assert(
      fc.property(entry, scope, (e: ScopeEntry, s: AgentScope) => {
        const byWays = scopeWays(s).some(([column, value]) => e[column] === value);
        const byKeys = entryKeys(e).some((key) => scopeKeys(s).includes(key));
        expect(byKeys).toBe(byWays);
      }),
    );
  });
});
