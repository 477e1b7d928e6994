import { describe, expect, it } from 'vitest';
import { callLinkInArgv, parseCallLink } from './callLinks.js';

describe('tel:, sip: and callto: links', () => {
  it('takes the number of a tel: link, with its canonical form for the lookup', () => {
    expect(parseCallLink('tel:+86-138-0013-8000')).toEqual({ kind: 'callLink', number: '+8613800138000', canonical: '+8613800138000' });
    expect(parseCallLink('tel:13800138000')).toEqual({ kind: 'callLink', number: '13800138000', canonical: '+8613800138000' });
    expect(parseCallLink('TEL:010%206234%205678')).toEqual({ kind: 'callLink', number: '01062345678', canonical: '+861062345678' });
    expect(parseCallLink('tel:7042;phone-context=example.com')).toEqual({ kind: 'callLink', number: '7042', canonical: null });
  });
  it('the user part of a sip: link, the number of callto:', () => {
    expect(parseCallLink('sip:13800138000@pbx.example;user=phone')).toMatchObject({ number: '13800138000', canonical: '+8613800138000' });
    expect(parseCallLink('sips:1001@sip.hq.example')).toMatchObject({ number: '1001', canonical: null });
    expect(parseCallLink('callto://(0755) 8765-4321')).toMatchObject({ number: '075587654321', canonical: '+8675587654321' });
    expect(parseCallLink('sip:400-810-8888?Subject=hi')).toMatchObject({ number: '4008108888' });
  });
  it('refuses anything that is not a plain number', () => {
    for (const link of ['sip:alice@example.com', 'tel:', 'tel:1', 'tel:12a45', 'https://example.com/tel:123', 'tel:%E0%A4%A', 'tel:' + '1'.repeat(40), 'mailto:a@b.c', 'tel:+86 138 0013 8000<script>']) {
      expect(parseCallLink(link), link).toBeNull();
    }
  });
  it('finds the link among a launch\'s arguments (the first instance, or a second launch handing over)', () => {
    expect(callLinkInArgv(['C:\\Program Files\\Agent Workstation\\Agent Workstation.exe', '--allow-file-access-from-files', 'tel:13800138000'])).toMatchObject({ number: '13800138000' });
    expect(callLinkInArgv(['/opt/aw/agent-workstation', 'sip:alice@example.com', 'callto:10086'])).toMatchObject({ number: '10086' });
    expect(callLinkInArgv(['/opt/aw/agent-workstation', '--no-sandbox'])).toBeNull();
  });
});
