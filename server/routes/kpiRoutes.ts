import { KpiOrderPage, KpiOrdersQuery, KpiPage, KpiQuery } from '../../shared/domain/kpis.js';
import type { Agent } from '../../shared/domain/branch.js';
import { ApiFailure } from '../http/apiFailure.js';
import { agentRoute } from '../http/route.js';
import { figureOrders, figuresPage } from '../kpis/kpiFigures.js';
import { figuresScopeOf, type FiguresScope } from '../scope/agentScope.js';

/** The caller's figures scope (agentScope.ts), narrowed to one branch if asked; 403 outside it. */
function figuresScope(caller: Agent, branchId: string | undefined): FiguresScope {
  const scope = figuresScopeOf(caller);
  if (!scope) throw new ApiFailure(403, 'forbidden', 'only a supervisor, the parts desk or headquarters reads the figures');
  if (branchId === undefined) return scope;
  if (scope.branchIds !== null && !scope.branchIds.includes(branchId)) throw ApiFailure.forbidden("this branch's figures");
  return { branchIds: [branchId] };
}

export const kpiRoutes = [
  agentRoute({
    method: 'GET',
    url: '/kpis',
    summary:
      'Figures by day, week or month (hotline time, UTC+8) per branch, agent, outlet, product category or region: calls answered/missed and handle time, ' +
      'first-contact resolution, follow-up satisfaction, SLA met per stage, parts cycle time (shared/domain/kpis.ts). Supervisors and the parts desk: their branch; headquarters: every branch',
    errors: [403],
    query: KpiQuery,
    response: KpiPage,
    handler: ({ caller, query }, { db }) => figuresPage(db, figuresScope(caller, query.branchId), query, new Date()),
  }),
  agentRoute({
    method: 'GET',
    url: '/kpis/orders',
    summary: 'The orders behind one figure of one group in one period (the drill-down), oldest first',
    errors: [403],
    query: KpiOrdersQuery,
    response: KpiOrderPage,
    handler: ({ caller, query }, { db }) => figureOrders(db, figuresScope(caller, query.branchId), query, new Date()),
  }),
];
