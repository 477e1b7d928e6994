import { describe, expect, it } from 'vitest';
import { NO_PHONE, type PhoneStatus } from '../../../shared/desktopLink.js';
import { DesktopChannel } from './desktopChannel.js';
import { shellLanguage, shellTexts } from './shellTexts.js';
import { quitQuestion, ringAlert, trayMenuItems, trayTooltip, windowCloseAction } from './trayPolicy.js';

const en = shellTexts('en');
const zh = shellTexts('zh');
const ready: PhoneStatus = { loggedIn: true, agentState: 'ready', registered: true, callActive: false, ringing: false };

describe('tray', () => {
  it('shows the agent state, and says when the phone is not registered', () => {
    expect(trayTooltip(NO_PHONE, en)).toBe('Agent Workstation: Not logged in');
    expect(trayTooltip(ready, en)).toBe('Agent Workstation: Ready');
    expect(trayTooltip({ ...ready, agentState: 'not_ready' }, zh)).toBe('坐席工作台: 未就绪');
    expect(trayTooltip({ ...ready, registered: false }, en)).toBe('Agent Workstation: Ready (phone not registered)');
    expect(trayTooltip({ ...ready, agentState: 'offline', registered: false }, en)).toBe('Agent Workstation: Offline');
    expect(trayTooltip({ ...ready, registered: false }, en, false)).toBe('Agent Workstation: Ready (phone not registered; headquarters offline: working from the cache)');
    expect(trayTooltip({ ...ready, agentState: 'not_ready' }, zh, false)).toBe('坐席工作台: 未就绪 (总部离线：使用本机缓存工作)');
    expect(trayTooltip(NO_PHONE, en, false)).toBe('Agent Workstation: Not logged in');
  });
  it('menu: state line (not clickable), notes, show, diagnostics, quit', () => {
    const items = trayMenuItems({ ...ready, agentState: 'on_call', callActive: true, ringing: false }, en, ['The key MediaPlayPause is taken by another program']);
    expect(items).toEqual([
      { label: 'Agent Workstation: On a call', action: null },
      { label: 'The key MediaPlayPause is taken by another program', action: null },
      { separator: true },
      { label: 'Show the workstation', action: 'show' },
      { label: 'Export diagnostics…', action: 'exportDiagnostics' },
      { separator: true },
      { label: 'Quit', action: 'quit' },
    ]);
  });
  it('language from the OS locale', () => {
    expect(shellLanguage('zh-CN')).toBe('zh');
    expect(shellLanguage('zh-TW')).toBe('zh');
    expect(shellLanguage('en-US')).toBe('en');
    expect(shellLanguage('de')).toBe('en');
  });
});

describe('closing and quitting', () => {
  it('closing the window during a shift hides it to the tray; logged out or quitting it closes', () => {
    expect(windowCloseAction(ready, false)).toBe('hide');
    expect(windowCloseAction({ ...ready, agentState: 'not_ready' }, false)).toBe('hide');
    expect(windowCloseAction(ready, true)).toBe('close');
    expect(windowCloseAction(NO_PHONE, false)).toBe('close');
  });
  it('asks before quitting during a call or with unsynced changes, not otherwise', () => {
    expect(quitQuestion(ready, 0, en)).toBeNull();
    expect(quitQuestion(NO_PHONE, 0, en)).toBeNull();
    const duringCall = quitQuestion({ ...ready, agentState: 'on_call', callActive: true, ringing: false }, 0, en);
    expect(duringCall?.detail).toBe('A call is in progress: quitting ends it.');
    const both = quitQuestion({ ...ready, callActive: true, ringing: false }, 3, zh);
    expect(both?.title).toBe('退出坐席工作台？');
    expect(both?.detail.split('\n')).toEqual(['正在通话：退出会挂断这通电话。', '还有 3 条更改未同步到总部：它们保存在本机，下次登录时再同步。']);
    expect(both?.buttons).toEqual(['退出', '取消']);
    expect(quitQuestion(NO_PHONE, 2, en)?.detail).toMatch(/^2 change\(s\) have not reached headquarters/);
  });
});

describe('an incoming call and the window', () => {
  it('comes forward when a call starts ringing, stops flashing when it stops; nothing in between', () => {
    const ringing = { ...ready, callActive: true, ringing: true };
    expect(ringAlert(ready, ringing)).toBe('start');
    expect(ringAlert(ringing, ringing)).toBeNull();
    expect(ringAlert(ringing, { ...ringing, ringing: false, agentState: 'on_call' })).toBe('stop');
    expect(ringAlert(ringing, ready)).toBe('stop');
    expect(ringAlert(ready, { ...ready, callActive: true })).toBeNull(); // dialling out
  });
});

describe('DesktopChannel', () => {
  it('keeps the last phone status and tells its listeners', () => {
    const channel = new DesktopChannel(() => {});
    const seen: PhoneStatus[] = [];
    channel.onPhone((s) => seen.push(s));
    channel.report(ready);
    expect(channel.phone).toEqual(ready);
    expect(seen).toEqual([ready]);
  });
  it('delivers commands to a logged-in page; a call link waits for the login, other commands are dropped', () => {
    const delivered: unknown[] = [];
    const channel = new DesktopChannel((c) => delivered.push(c));
    channel.send({ kind: 'callLink', number: '10086', canonical: null });
    channel.send({ kind: 'callLink', number: '13800138000', canonical: '+8613800138000' });
    channel.send({ kind: 'answer' });
    expect(delivered).toEqual([]);
    channel.report(ready);
    expect(delivered).toEqual([{ kind: 'callLink', number: '13800138000', canonical: '+8613800138000' }]);
    channel.send({ kind: 'hangUp' });
    expect(delivered).toHaveLength(2);
    channel.report({ ...ready, agentState: 'not_ready' });
    expect(delivered).toHaveLength(2); // the link went once
  });
});

describe('the shell speaks both languages', () => {
  it('every text exists in Chinese and English, with the same keys, translated', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const text = (value: unknown) => (typeof value === 'function' ? (value as (x: string) => string)('X') : value);
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(text(zh[key]), key).toMatch(/\S/);
      expect(text(zh[key]), key).not.toBe(text(en[key]));
    }
  });
});
