import { describe, expect, it } from 'vitest';
import { createAppStores } from '../../renderer/src/app/stores.js';
import { en } from '../../renderer/src/i18n/locales/en.js';
import { zhCN } from '../../renderer/src/i18n/locales/zh-CN.js';
import { SetupProblemCode, type SetupCheck } from '../../shared/seatSetup.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { FakeBridge } from './fakeBridge.js';
import { countTestId, renderApp } from './renderApp.js';

const MACHINE_FILE = 'C:\\ProgramData\\AgentWorkstation\\seat.json';

function setupBridge(check: SetupCheck) {
  return new FakeBridge({
    'setup.status': () => ({ needed: true, machineSeatFile: MACHINE_FILE }),
    'setup.check': () => check,
    'setup.save': () => {
      if (check.problems.length) throw new WorkstationError('bad_input', 'the seat settings have problems: check them first', check);
      return { seatFile: '/home/li/.config/Agent Workstation/seat.json' };
    },
    'session.current': () => {
      throw new WorkstationError('seat_not_set_up', 'this PC has no seat configuration yet');
    },
  });
}

describe('first-run screen', () => {
  it('a PC without a seat file starts on it, naming where IT deploys the file; a set-up seat never shows it', async () => {
    const stores = createAppStores(setupBridge({ problems: [], branch: null }));
    await stores.setup.getState().load();
    const html = renderApp(stores);
    expect(countTestId(html, 'first-run')).toBe(1);
    expect(countTestId(html, 'login-form')).toBe(0);
    expect(html).toContain('设置本机坐席');
    expect(html).toContain(MACHINE_FILE);

    const setUp = createAppStores(new FakeBridge({ 'setup.status': () => ({ needed: false, machineSeatFile: null }) }));
    await setUp.setup.getState().load();
    expect(countTestId(renderApp(setUp), 'first-run')).toBe(0);
    // An older host that does not know setup.status: set up.
    const older = createAppStores(new FakeBridge());
    await older.setup.getState().load();
    expect(older.setup.getState().phase).toBe('not_needed');
  });

  it('shows each problem on its field, in Chinese and English; saving with problems shows them too', async () => {
    const check: SetupCheck = {
      problems: [
        { field: 'backendUrl', code: 'backend_url_insecure', detail: 'hq.example:8787' },
        { field: 'seatCode', code: 'seat_code_invalid', detail: '7' },
        { field: 'login', code: 'login_refused', detail: null },
      ],
      branch: null,
    };
    const stores = createAppStores(setupBridge(check));
    await stores.setup.getState().load();
    stores.setup.getState().setField('backendUrl', 'http://hq.example:8787');
    await stores.setup.getState().save();
    expect(stores.setup.getState()).toMatchObject({ phase: 'needed', check, error: null });
    const zh = renderApp(stores);
    expect([...zh.matchAll(/data-testid="setup-problem" data-code="([a-z_]+)"/g)].map((m) => m[1])).toEqual(['backend_url_insecure', 'seat_code_invalid', 'login_refused']);
    expect(zh).toContain('连接其他电脑必须使用 https://');
    expect(zh).toContain('坐席号是两位数字');
    expect(renderApp(stores, 'en')).toContain('The seat number is two digits, e.g. 07');
  });

  it('a good check names the branch; saving says where it went', async () => {
    const stores = createAppStores(setupBridge({ problems: [], branch: { code: 'BJ01', name: '北京分部' } }));
    await stores.setup.getState().load();
    await stores.setup.getState().runCheck();
    expect(renderApp(stores)).toContain('本坐席将服务 北京分部（BJ01）');
    await stores.setup.getState().save();
    const html = renderApp(stores, 'en');
    expect(countTestId(html, 'setup-saved')).toBe(1);
    expect(html).toContain('Saved to /home/li/.config/Agent Workstation/seat.json');
    expect(countTestId(html, 'setup-save')).toBe(0);
  });

  it('every problem code has its words in both languages', () => {
    for (const code of SetupProblemCode.options) {
      expect(zhCN.setup.problems[code], code).toMatch(/\S/);
      expect(en.setup.problems[code], code).toMatch(/\S/);
    }
  });
});
