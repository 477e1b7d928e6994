import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AgentList, BranchList, CampaignList, CampaignTargetList, CampaignWithProgress, KnowledgeList, SyncPullResponse } from '../../shared/api/rest.js';
import type { Mutation } from '../../shared/api/syncPush.js';
import { CampaignTarget } from '../../shared/domain/campaign.js';
import { KnowledgeArticle } from '../../shared/domain/knowledge.js';
import { testEngines } from './support/testDatabase.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { agentIdOf, branchIdOf, useTestBackend } from './support/testBackend.js';

/** Data made at headquarters for each branch — knowledge articles, campaigns and targets — and the agent and branch directories. */
describe.each(testEngines())('headquarters data on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 300, engine }, { bj: 'bj.agent1', gz: 'gz.agent1' });
  let bjBranch: string;
  beforeAll(() => {
    bjBranch = branchIdOf(backend, 'BJ01');
  });

  const get = (url: string, authorization = auth.bj) => backend.app.inject({ method: 'GET', url, headers: { authorization } });
  const agentId = (login: string) => agentIdOf(backend, login);

  describe('/knowledge', () => {
    const search = async (query: string, authorization = auth.bj) => {
      const response = await get(`/knowledge?${query}`, authorization);
      expect(response.statusCode, response.body).toBe(200);
      return KnowledgeList.parse(response.json()).items;
    };

    it('finds articles by Chinese and English words in title, body or tags, within the branch', async () => {
      const chinese = await search(`query=${encodeURIComponent('不制冷')}`);
      expect(chinese.map((a) => a.title)).toEqual(['空调不制冷的排查话术']);
      expect(chinese[0]?.branchId).toBe(bjBranch);
      const english = await search('query=drain%20PUMP');
      expect(english.map((a) => a.title)).toEqual(['Washing machine error code E4']);
      const byTag = await search(`query=${encodeURIComponent('冷媒')}&category=air_conditioner`);
      expect(byTag.length).toBe(1);
      expect(await search('query=%25')).toEqual([]); // LIKE wildcards are matched literally
      const gzFound = await search(`query=${encodeURIComponent('不制冷')}`, auth.gz);
      expect(gzFound.length).toBe(1);
      expect(gzFound[0]?.id).not.toBe(chinese[0]?.id);
      expect((await get(`/knowledge/${chinese[0]!.id}`)).statusCode).toBe(200);
      expect(KnowledgeArticle.parse((await get(`/knowledge/${chinese[0]!.id}`)).json()).body).toContain('冷媒');
      expect((await get(`/knowledge/${chinese[0]!.id}`, auth.gz)).statusCode).toBe(403);
      expect((await get(`/knowledge/${randomUUID()}`)).statusCode).toBe(404);
    });

    it('pages by title through all of the branch’s articles; 400 for a bad category or cursor', async () => {
      const titles: string[] = [];
      let cursor: string | null = null;
      do {
        const page = KnowledgeList.parse((await get(`/knowledge?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json());
        titles.push(...page.items.map((a) => a.title));
        cursor = page.nextCursor;
      } while (cursor);
      expect(titles.length).toBe(10);
      expect(titles).toEqual([...titles].sort());
      expect((await get('/knowledge?category=car')).statusCode).toBe(400);
      expect((await get('/knowledge?cursor=xyz')).statusCode).toBe(400);
    });

    it('reaches the branch’s seats through pull', async () => {
      const changes = SyncPullResponse.parse((await get('/sync/pull?cursor=0&limit=10000')).json()).changes;
      expect(changes.filter((c) => c.entity === 'knowledgeArticle').length).toBe(10);
      expect(changes.every((c) => !('branchId' in c.row) || c.row.branchId === bjBranch)).toBe(true);
    });
  });

  describe('/campaigns', () => {
    it("lists the branch's campaigns with progress; targets in dialing order; the next pending target", async () => {
      const campaigns = CampaignList.parse((await get('/campaigns')).json()).items;
      expect(campaigns.map((c) => c.kind).sort()).toEqual(['delivery_confirmation', 'installation_appointment', 'promotion']);
      expect(campaigns.every((c) => c.branchId === bjBranch)).toBe(true);
      const withTargets = campaigns.find((c) => c.progress.pending > 1)!;
      const targets: CampaignTarget[] = [];
      let cursor: string | null = null;
      do {
        const page = CampaignTargetList.parse((await get(`/campaigns/${withTargets.id}/targets?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json());
        targets.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      const total = Object.values(withTargets.progress).reduce((a, b) => a + b, 0);
      expect(targets.length).toBe(total);
      expect(targets.map((t) => t.position)).toEqual([...targets.map((t) => t.position)].sort((a, b) => a - b));
      const next = CampaignTarget.parse((await get(`/campaigns/${withTargets.id}/next-target`)).json().target);
      expect(next).toEqual(targets.find((t) => t.status === 'pending'));
      expect(CampaignWithProgress.parse((await get(`/campaigns/${withTargets.id}`)).json()).progress).toEqual(withTargets.progress);
    });

    it("never shows branch B's campaigns or targets to branch A's agents, by list, id, targets or pull", async () => {
      const gzCampaign = CampaignList.parse((await get('/campaigns', auth.gz)).json()).items[0]!;
      const bjIds = CampaignList.parse((await get('/campaigns')).json()).items.map((c) => c.id);
      expect(bjIds).not.toContain(gzCampaign.id);
      for (const url of [`/campaigns/${gzCampaign.id}`, `/campaigns/${gzCampaign.id}/targets`, `/campaigns/${gzCampaign.id}/next-target`]) {
        expect((await get(url)).statusCode, url).toBe(403);
      }
      const pulled = SyncPullResponse.parse((await get('/sync/pull?cursor=0&limit=10000')).json()).changes;
      const pulledTargets = pulled.flatMap((c) => (c.entity === 'campaignTarget' ? [c.row] : []));
      expect(pulledTargets.length).toBeGreaterThan(0);
      expect(pulledTargets.every((t) => t.branchId === bjBranch && bjIds.includes(t.campaignId))).toBe(true);
    });

    it('records an outcome pushed by a seat once; done is final; another branch cannot touch it', async () => {
      const campaign = CampaignList.parse((await get('/campaigns')).json()).items.find((c) => c.progress.pending > 0)!;
      const target = CampaignTarget.parse((await get(`/campaigns/${campaign.id}/next-target`)).json().target);
      const outcome = (patch: Record<string, unknown>, baseVersion = target.version) => mutationOf('campaignTarget', 'update', target.id, patch, baseVersion);
      const push = (mutations: Mutation[], authorization = auth.bj) => pushMutations(backend, authorization, 'seat-01', mutations);
      const full = { status: 'done', outcomeNotes: '已确认送货', calledAt: new Date().toISOString(), calledBy: agentId('bj.agent1') };

      const refused = await push([
        outcome({ ...full, calledBy: agentId('bj.agent2') }),
        outcome({ status: 'done' }),
        outcome({ ...full, phone: '+8613800000000' }),
        { ...outcome(full), op: 'create' },
      ]);
      expect(refused.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['out_of_scope', 'bad_patch', 'bad_patch', 'append_only']);
      const [crafted] = await push([outcome({ ...full, calledBy: agentId('gz.agent1') })], auth.gz);
      expect(crafted).toMatchObject({ status: 'rejected', code: 'out_of_scope' });

      const [applied] = await push([outcome(full)]);
      expect(applied?.status).toBe('applied');
      const [again] = await push([outcome({ ...full, status: 'refused' })]);
      expect(again).toMatchObject({ status: 'rejected', code: 'invalid_transition', details: { code: 'campaign_outcome_final', params: { status: 'done' } } });
      const after = CampaignTargetList.parse((await get(`/campaigns/${campaign.id}/targets?status=done&limit=200`)).json()).items.find((t) => t.id === target.id);
      expect(after).toMatchObject({ status: 'done', outcomeNotes: '已确认送货', calledBy: agentId('bj.agent1') });
    });
  });

  describe('/agents and /branches', () => {
    it("lists the caller's branch's agents without any password data; another branch's agent is 403", async () => {
      const response = await get('/agents');
      expect(response.body).not.toMatch(/password|hash|scrypt|argon/i);
      const agents = AgentList.parse(response.json()).items;
      expect(agents.map((a) => a.login)).toEqual(['bj.agent1', 'bj.agent2', 'bj.parts', 'bj.super', 'hq.admin']);
      for (const agent of agents) expect(Object.keys(agent).sort()).toEqual(['branchId', 'displayName', 'id', 'login', 'role']);
      const supervisorView = AgentList.parse((await get('/agents', await backend.bearer('bj.super'))).json()).items;
      expect(supervisorView).toEqual(agents);
      expect((await get(`/agents/${agentId('bj.agent2')}`)).statusCode).toBe(200);
      expect((await get(`/agents/${agentId('gz.agent1')}`)).statusCode).toBe(403);
      expect((await get(`/agents/${randomUUID()}`)).statusCode).toBe(404);
      expect((await backend.app.inject({ method: 'GET', url: '/agents' })).statusCode).toBe(401);
    });

    it('lists the branches with code, name and regions', async () => {
      const branches = BranchList.parse((await get('/branches')).json()).items;
      expect(branches.map((b) => b.code)).toEqual(['BJ01', 'GZ01']);
      expect(branches[0]?.regions).toContain('北京');
      expect((await get(`/branches/${bjBranch}`)).json()).toEqual(branches[0]);
      expect((await get(`/branches/${randomUUID()}`)).statusCode).toBe(404);
    });
  });
});
