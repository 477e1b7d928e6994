import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { rotatingLog } from './rotatingLog.js';

const tmp = makeTempDir('rotating-log');
afterAll(() => tmp.cleanup());

describe('rotating log', () => {
  it('writes timestamped lines, creating its folder', () => {
    const dir = path.join(tmp.dir, 'first', 'logs');
    const log = rotatingLog({ dir, name: 'main.log', now: () => new Date('2026-12-07T02:00:00Z') });
    log('fatal: seat file /etc/agent-workstation/seat.json is not valid JSON');
    expect(fs.readFileSync(path.join(dir, 'main.log'), 'utf8')).toBe(
      '2026-12-07T02:00:00.000Z fatal: seat file /etc/agent-workstation/seat.json is not valid JSON\n',
    );
  });

  it('rolls over at its size limit and keeps only the newest generations', () => {
    const dir = path.join(tmp.dir, 'rolling');
    const log = rotatingLog({ dir, name: 'main.log', maxBytes: 100, keep: 2 });
    for (let i = 0; i < 20; i++) log(`line ${i} ${'x'.repeat(40)}`);
    expect(fs.readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const file of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, file)).size).toBeLessThan(200);
    expect(fs.readFileSync(path.join(dir, 'main.log'), 'utf8')).toContain('line 19 ');
    const all = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');
    expect(all).not.toContain('line 0 ');
  });
});
