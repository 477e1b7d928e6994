import { z } from 'zod';

/** A branch office of the hotline; its agents see the customers of its regions (provinces). */
export const Branch = z.object({
  id: z.string().uuid(),
  code: z.string().regex(/^[A-Z]{2}\d{2}$/, 'branch code is two letters and two digits, e.g. BJ01'),
  name: z.string().min(1),
  regions: z.array(z.string().min(1)).min(1),
});
export type Branch = z.infer<typeof Branch>;

/** Who signs in (shared/domain/roles.ts says what each may do): 坐席, 班长, 备件管理员 of a region, 总部. */
export const AgentRole = z.enum(['agent', 'supervisor', 'parts_desk', 'headquarters']);
export type AgentRole = z.infer<typeof AgentRole>;

export const Agent = z.object({
  id: z.string().uuid(),
  login: z.string().min(1),
  displayName: z.string().min(1),
  branchId: z.string().uuid(),
  role: AgentRole,
});
export type Agent = z.infer<typeof Agent>;
