import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../tests/support/tempDir.js';
import { LocalCache } from '../localCache/localCache.js';
import { zipArchive } from '../zipArchive.js';
import { cacheReport, diagnosticsBundle, diagnosticsFileName, redactSecrets, scrubLogText } from './diagnostics.js';

const tmp = makeTempDir('diagnostics');
afterAll(() => tmp.cleanup());

/** Reads a zip back with Python's zipfile (an independent reader; python3 is on every machine that builds better-sqlite3). */
function unzip(file: string): Record<string, string> {
  const script = 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({n: z.read(n).decode("utf-8") for n in z.namelist()}))';
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' })) as Record<string, string>;
}

const session = {
  agent: { id: crypto.randomUUID(), login: 'bj.agent1', displayName: '王芳', branchId: crypto.randomUUID(), role: 'agent' as const },
  branch: { id: crypto.randomUUID(), code: 'BJ01', name: '北京', regions: ['北京'] },
  offline: false,
};

describe('diagnostics bundle', () => {
  it('a zip that another reader opens, with UTF-8 names and contents', () => {
    const file = path.join(tmp.dir, 'plain.zip');
    fs.writeFileSync(file, zipArchive([{ name: 'a.txt', data: 'hello' }, { name: '日志/b.json', data: '{"坐席":"07"}' }, { name: 'empty', data: '' }]));
    expect(unzip(file)).toEqual({ 'a.txt': 'hello', '日志/b.json': '{"坐席":"07"}', empty: '' });
  });

  it('logs, versions, the seat file without secrets, the cache integrity and the phone', () => {
    const logDir = path.join(tmp.dir, 'logs');
    fs.mkdirSync(logDir);
    fs.writeFileSync(path.join(logDir, 'main.log'), '{"level":"info","msg":"login","token":"[redacted]"}\n{"level":"warn","msg":"GET /sync/pull with Authorization: Bearer eyJabc.def"}\n');
    fs.writeFileSync(path.join(logDir, 'main.1.log'), '{"level":"info","msg":"older","sipPassword":"hunter2"}\n');
    fs.writeFileSync(path.join(logDir, 'renderer.log'), '{"level":"error","msg":"getUserMedia failed"}\n');
    fs.writeFileSync(path.join(logDir, 'unrelated.tmp'), 'x');
    const cache = LocalCache.open(path.join(tmp.dir, 'cache.db'));
    try {
      const now = new Date(2026, 11, 7, 5, 30);
      const file = path.join(tmp.dir, diagnosticsFileName('07', now));
      expect(path.basename(file)).toBe('AgentWorkstation-diagnostics-07-20261207-0530.zip');
      fs.writeFileSync(
        file,
        diagnosticsBundle({
          logDir,
          versions: { app: '0.1.0', electron: '41.7.1', node: '22.0.0' },
          seatFile: 'C:\\ProgramData\\AgentWorkstation\\seat.json',
          config: { backendUrl: 'https://hq.example', seatCode: '07', sip: { user: '1007', password: 'set-by-IT' }, phoneKeys: { MediaPlayPause: 'answerOrHangUp' } },
          cache: cacheReport(cache, session),
          phone: { loggedIn: true, agentState: 'ready', registered: true, callActive: false, ringing: false },
          notes: ['The key MediaPlayPause is taken by another program'],
          now,
        }),
      );
      const files = unzip(file);
      expect(Object.keys(files).sort()).toEqual(['README.txt', 'cache.json', 'logs/main.1.log', 'logs/main.log', 'logs/renderer.log', 'notes.txt', 'phone.json', 'seat.json', 'versions.json']);
      const all = Object.values(files).join('\n');
      expect(all).not.toMatch(/set-by-IT|hunter2|eyJabc/);
      expect(JSON.parse(files['seat.json']!)).toEqual({
        seatFile: 'C:\\ProgramData\\AgentWorkstation\\seat.json',
        config: { backendUrl: 'https://hq.example', seatCode: '07', sip: { user: '1007', password: '[redacted]' }, phoneKeys: { MediaPlayPause: 'answerOrHangUp' } },
      });
      expect(JSON.parse(files['cache.json']!)).toMatchObject({ agent: 'bj.agent1', branch: 'BJ01', integrity: ['ok'], outboxEntries: 0, deadLetters: 0 });
      expect(JSON.parse(files['cache.json']!).schemaVersion).toBeGreaterThan(0);
      expect(files['logs/main.log']).toContain('Bearer [redacted]');
      expect(files['logs/renderer.log']).toContain('getUserMedia failed');
      expect(files['notes.txt']).toBe('The key MediaPlayPause is taken by another program\n');
    } finally {
      cache.close();
    }
  });

  it('without a session the bundle says the cache was not checked', () => {
    const files = (() => {
      const file = path.join(tmp.dir, 'no-session.zip');
      fs.writeFileSync(file, diagnosticsBundle({ logDir: path.join(tmp.dir, 'none'), versions: {}, seatFile: null, config: {}, cache: null, phone: { loggedIn: false, agentState: 'offline', registered: false, callActive: false, ringing: false }, notes: [], now: new Date() }));
      return unzip(file);
    })();
    expect(JSON.parse(files['cache.json']!)).toEqual({ note: 'no agent logged in: a cache is checked while its agent is logged in' });
  });

  it('redaction: secret-named fields anywhere; log text with bearer tokens and password fields', () => {
    expect(redactSecrets({ a: [{ token: 'x', keep: 1 }], sip: { password: 'p' }, cacheKeyCredential: 'k' })).toEqual({ a: [{ token: '[redacted]', keep: 1 }], sip: { password: '[redacted]' }, cacheKeyCredential: '[redacted]' });
    expect(scrubLogText('{"msg":"x","password":"a\\"b","user":"u"} Bearer abc.DEF-1')).toBe('{"msg":"x","password":"[redacted]","user":"u"} Bearer [redacted]');
  });
});
