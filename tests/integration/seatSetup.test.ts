import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeatSetupService, checkSeatDraft } from '../../main/services/desktop/seatSetup.js';
import { provisionSeat } from '../../main/services/seatProvisioning.js';
import { buildServer } from '../../server/app.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { openServerDatabase, type ServerDatabase } from '../../server/db/openServerDatabase.js';
import { seedDemoData } from '../../server/seed/seed.js';
import { SeatDraft } from '../../shared/seatSetup.js';
import { DEMO_AGENT } from '../support/demo.js';
import { makeTempDir } from '../support/tempDir.js';

/** The first-run screen's checks against a real backend on loopback, and against things that are not one. */
const tmp = makeTempDir('seat-setup');
let database: ServerDatabase;
let app: FastifyInstance;
let backendUrl: string;
let notOurs: http.Server;
let notOursUrl: string;

beforeAll(async () => {
  database = openServerDatabase(path.join(tmp.dir, 'server.db'));
  await migrateToLatest(database);
  await seedDemoData(database, { customers: 10 });
  app = buildServer({ database });
  backendUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  // Some other web server on the address IT typed (an intranet page, a proxy's error page).
  notOurs = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>intranet</html>'));
  await new Promise<void>((resolve) => notOurs.listen(0, '127.0.0.1', resolve));
  notOursUrl = `http://127.0.0.1:${(notOurs.address() as { port: number }).port}`;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  await new Promise((resolve) => notOurs?.close(resolve));
  tmp.cleanup();
});

const draft = (over: Partial<SeatDraft>) => SeatDraft.parse({ backendUrl, seatCode: '07', ...over });

describe('first-run checks', () => {
  it('a backend that answers and a seat code: no problem; a sign-in names the branch', async () => {
    expect(await checkSeatDraft(draft({}))).toEqual({ problems: [], branch: null });
    expect(await checkSeatDraft(draft({ login: DEMO_AGENT.login, password: DEMO_AGENT.password }))).toEqual({
      problems: [],
      branch: { code: DEMO_AGENT.branchCode, name: expect.any(String) },
    });
  });

  it('every problem at once, each on its field', async () => {
    expect((await checkSeatDraft(draft({ backendUrl: '', seatCode: '7' }))).problems).toEqual([
      { field: 'seatCode', code: 'seat_code_invalid', detail: '7' },
      { field: 'backendUrl', code: 'backend_url_missing', detail: null },
    ]);
    expect((await checkSeatDraft(draft({ backendUrl: 'hq example' }))).problems).toMatchObject([{ field: 'backendUrl', code: 'backend_url_invalid' }]);
    expect((await checkSeatDraft(draft({ backendUrl: 'ftp://hq.example' }))).problems).toMatchObject([{ field: 'backendUrl', code: 'backend_url_invalid' }]);
    expect((await checkSeatDraft(draft({ backendUrl: 'http://hq.example:8787' }))).problems).toEqual([{ field: 'backendUrl', code: 'backend_url_insecure', detail: 'hq.example:8787' }]);
  });

  it('nothing listening, something that is not our backend, a refused sign-in', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await checkSeatDraft(draft({ backendUrl: `http://127.0.0.1:${port}` }))).problems).toEqual([{ field: 'backendUrl', code: 'backend_unreachable', detail: 'ECONNREFUSED' }]);
    expect((await checkSeatDraft(draft({ backendUrl: notOursUrl }))).problems).toEqual([{ field: 'backendUrl', code: 'backend_not_workstation', detail: 'GET /healthz answered HTTP 200' }]);
    expect((await checkSeatDraft(draft({ login: DEMO_AGENT.login, password: 'wrong' }))).problems).toMatchObject([{ field: 'login', code: 'login_refused' }]);
  });
});

describe('the seat before setup', () => {
  it('answers the first-run calls, refuses the rest, saves a seat file that provisioning then reads', async () => {
    const userDataDir = path.join(tmp.dir, 'profile');
    const machineSeatFile = path.join(tmp.dir, 'ProgramData', 'seat.json');
    const saved: string[] = [];
    const setup = new SeatSetupService({ machineSeatFile, saveTo: path.join(userDataDir, 'seat.json'), onSaved: (file) => saved.push(file) });
    expect(await setup.dispatch('setup.status', {})).toEqual({ ok: true, output: { needed: true, machineSeatFile } });
    expect(await setup.dispatch('session.login', { login: 'a', password: 'b' })).toMatchObject({ ok: false, error: { code: 'seat_not_set_up' } });
    expect(await setup.dispatch('setup.save', { backendUrl: 'http://hq.example', seatCode: '07' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(fs.existsSync(path.join(userDataDir, 'seat.json'))).toBe(false);

    expect(await setup.dispatch('setup.save', { backendUrl: `${backendUrl}/`, seatCode: '07' })).toEqual({ ok: true, output: { seatFile: path.join(userDataDir, 'seat.json') } });
    expect(saved).toEqual([path.join(userDataDir, 'seat.json')]);
    const provisioned = provisionSeat({ platform: 'linux', isPackaged: true, env: {}, userDataDir, machineSeatFile });
    expect(provisioned).toMatchObject({ kind: 'ready', config: { backendUrl, seatCode: '07', dataDir: path.join(userDataDir, 'seat') } });
  });
});
