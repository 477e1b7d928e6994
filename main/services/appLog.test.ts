import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { createAppLogs } from './appLog.js';
import { rotatingFile } from './rotatingFile.js';

const tmp = makeTempDir('app-log');
afterAll(() => tmp.cleanup());

const linesOf = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('app logs', () => {
  it('main and renderer each write JSON lines to their own file, on disk at once, creating the folder', () => {
    const dir = path.join(tmp.dir, 'first', 'logs');
    const logs = createAppLogs({ dir });
    logs.main.fatal('seat file /etc/agent-workstation/seat.json is not valid JSON');
    logs.renderer.warn({ source: 'workstation://app/assets/index.js', line: 12 }, 'audio device gone');
    const [main] = linesOf(path.join(dir, 'main.log'));
    expect(main).toMatchObject({ level: 'fatal', msg: 'seat file /etc/agent-workstation/seat.json is not valid JSON' });
    expect(Date.parse(main!.time as string)).not.toBeNaN();
    expect(linesOf(path.join(dir, 'renderer.log'))).toEqual([expect.objectContaining({ level: 'warn', msg: 'audio device gone', line: 12 })]);
  });

  it('never writes a password or token, wherever a caller put it', () => {
    const dir = path.join(tmp.dir, 'secrets');
    const logs = createAppLogs({ dir });
    logs.main.info({ config: { seatCode: '07', sip: { user: '1007', password: 'set-by-IT' } }, token: 'abc.def', password: 'pw' }, 'started');
    const text = fs.readFileSync(path.join(dir, 'main.log'), 'utf8');
    expect(text).not.toMatch(/set-by-IT|abc\.def|"pw"/);
    expect(linesOf(path.join(dir, 'main.log'))[0]).toMatchObject({ token: '[redacted]', password: '[redacted]', config: { seatCode: '07', sip: { user: '1007', password: '[redacted]' } } });
  });

  it('rolls over at its size limit and keeps only the newest generations', () => {
    const dir = path.join(tmp.dir, 'rolling');
    const logs = createAppLogs({ dir, maxBytes: 300, keep: 2 });
    for (let i = 0; i < 40; i++) logs.main.info(`line ${i} ${'x'.repeat(40)}`);
    expect(fs.readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const file of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, file)).size).toBeLessThan(500);
    expect(fs.readFileSync(path.join(dir, 'main.log'), 'utf8')).toContain('line 39 ');
    const all = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
    expect(all).not.toContain('line 0 ');
  });

  it('the rotating file appends text as given', () => {
    const dir = path.join(tmp.dir, 'raw');
    const file = rotatingFile({ dir, name: 'x.log' });
    file.write('a\n');
    file.write('b\n');
    expect(fs.readFileSync(path.join(dir, 'x.log'), 'utf8')).toBe('a\nb\n');
  });
});
