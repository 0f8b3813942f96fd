import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeConsole } from '../../../../../electron/probes/windows/console';
import { advfirewallToProfiles, parseAdvfirewallProfiles } from '../../../../../electron/probes/windows/parse-advfirewall';
import {
  parseDynamicPortRange,
  parseExcludedPortRanges,
  parseHttpSysUrls,
  parsePortproxy,
} from '../../../../../electron/probes/windows/parse-netsh';
import { fixture } from './fake-runner';

const ok = <T>(r: { kind: string; data?: T }): T => {
  expect(r.kind).toBe('ok');
  return r.data as T;
};

describe('parseExcludedPortRanges on real outputs', () => {
  it.each([
    ['excludedportrange.en-US.ghrunner.txt', 437, 4, { start: 55679, end: 55679, administered: true }],
    ['excludedportrange.en-US.hyperv.txt', 437, 9, { start: 50000, end: 50059, administered: true }],
    ['excludedportrange.zh-CN.utf8.txt', 65001, 11, { start: 50051, end: 50051, administered: true }],
    ['excludedportrange.zh-CN.gbk.txt', 936, 11, { start: 50051, end: 50051, administered: true }],
  ])('%s', (file, cp, count, administered) => {
    const ranges = ok(parseExcludedPortRanges(decodeConsole(fixture(file), cp)));
    expect(ranges).toHaveLength(count);
    expect(ranges.filter((r: { administered: boolean }) => r.administered)).toEqual([administered]);
  });

  it('reads the dynamic WinNAT ranges of the zh-CN GBK output as not administered', () => {
    const ranges = ok(parseExcludedPortRanges(decodeConsole(fixture('excludedportrange.zh-CN.gbk.txt'), 936)));
    expect(ranges).toContainEqual({ start: 49702, end: 49801, administered: false });
  });

  it('decodes GBK with the OEM code page: the header is Chinese, not mojibake', () => {
    const text = decodeConsole(fixture('excludedportrange.zh-CN.gbk.txt'), 936);
    expect(text).toContain('协议 tcp 端口排除范围');
    expect(text).toBe(fixture('excludedportrange.zh-CN.utf8.txt').toString('utf8'));
  });

  it('parses a German-shaped header it has never seen (protocol last, quoted)', () => {
    const de =
      '\r\nPortausschlussbereiche für Protokoll "tcp"\r\n\r\nStartport    Endport\r\n----------    --------\r\n      1433        1433     *\r\n\r\n* - Verwaltete Portausschlüsse.\r\n';
    expect(ok(parseExcludedPortRanges(de))).toEqual([{ start: 1433, end: 1433, administered: true }]);
  });

  // Issue 16 item 9: pasted from a CI log or a ticket, the blank lines are gone and the footer follows the last row.
  it.each([
    ['excludedportrange.en-US.hyperv.txt', 437],
    ['excludedportrange.en-US.ghrunner.txt', 437],
    ['excludedportrange.zh-CN.gbk.txt', 936],
  ])('parses %s pasted without its blank lines, footer right after the last row', (file, cp) => {
    const real = decodeConsole(fixture(file), cp);
    const pasted = real
      .split('\r\n')
      .filter((l) => l.trim() !== '')
      .join('\n');
    expect(pasted).toMatch(/\d\s*\*?\n\* - /);
    expect(ok(parseExcludedPortRanges(pasted))).toEqual(ok(parseExcludedPortRanges(real)));
  });

  it.each([
    ['an error message', 'The following command was not found: interface ipv4 show excludedportrange.\r\n'],
    ['a truncated row', '\r\nStart Port    End Port\r\n----------    --------\r\n      5357  \r\n'],
    ['an impossible range', '\r\n----------    --------\r\n     70000       70001\r\n'],
  ])('reports %s as unparseable, never a guess', (_name, text) => {
    const r = parseExcludedPortRanges(text);
    expect(r.kind).toBe('unavailable');
    expect(r.kind === 'unavailable' && r.reason).toBe('unparseable');
  });
});

describe('parseDynamicPortRange on real outputs', () => {
  it('reads the stock range 49152-65535 (en-US)', () => {
    expect(ok(parseDynamicPortRange(decodeConsole(fixture('dynamicport.en-US.txt'), 437)))).toEqual({ start: 49152, end: 65535 });
  });
  it('reads the broken zh-CN state starting at 1024', () => {
    expect(ok(parseDynamicPortRange(decodeConsole(fixture('dynamicport.zh-CN.utf8.txt'), 65001)))).toEqual({ start: 1024, end: 15000 });
  });
  it('reads the zh-CN output re-encoded in GBK as netsh writes it', () => {
    const gbk = iconv.encode(fixture('dynamicport.zh-CN.utf8.txt').toString('utf8'), 'cp936');
    expect(ok(parseDynamicPortRange(decodeConsole(gbk, 936)))).toEqual({ start: 1024, end: 15000 });
  });
  it('says unparseable for an output without numbers', () => {
    expect(parseDynamicPortRange('\r\nProtocol tcp Dynamic Port Range\r\n---------\r\n').kind).toBe('unavailable');
  });
});

describe('parsePortproxy', () => {
  it('reads the real v4tov4 row whose port range overflows its column', () => {
    expect(ok(parsePortproxy(decodeConsole(fixture('portproxy-v4tov4.en-US.txt'), 437)))).toEqual([
      {
        listenFamily: 4,
        connectFamily: 4,
        listenAddress: '0.0.0.0',
        listenPortStart: 30000,
        listenPortEnd: 50000,
        connectAddress: '172.23.188.236',
        connectPort: '30000-50000',
      },
    ]);
  });
  it('treats empty output as no entries', () => {
    expect(ok(parsePortproxy('\r\n'))).toEqual([]);
  });
  it('refuses text that is not a portproxy table', () => {
    expect(parsePortproxy('Der folgende Befehl wurde nicht gefunden.\r\n').kind).toBe('unavailable');
  });
});

describe('parseHttpSysUrls', () => {
  it('names the request queue of a registered URL and the account of a reservation', () => {
    const state =
      'Request queue name: DefaultAppPool\r\n    Version: 2.0\r\n    Process IDs:\r\n        7020\r\n    Registered URLs:\r\n        HTTP://*:80/\r\n';
    expect(parseHttpSysUrls(state)).toEqual([{ url: 'HTTP://*:80/', port: 80, owner: 'DefaultAppPool', pids: [7020] }]);
    const acl =
      '\r\nURL Reservations:\r\n-----------------\r\n\r\n    Reserved URL            : http://+:8080/api/\r\n        User: NT AUTHORITY\\NETWORK SERVICE\r\n';
    expect(parseHttpSysUrls(acl)).toEqual([{ url: 'http://+:8080/api/', port: 8080, owner: 'NT AUTHORITY\\NETWORK SERVICE' }]);
  });
});

describe('parseAdvfirewallProfiles on real outputs', () => {
  it.each([
    ['advfirewall-allprofiles.en-US.partial.txt', { name: 'private', enabled: true, inbound: 'block', localRules: false }],
    ['advfirewall-allprofiles.zh-CN.utf8.txt', { name: 'domain', enabled: true, inbound: 'block', localRules: false }],
  ])('%s: state, inbound policy, and "N/A (GPO-store only)" local rules', (file, profile) => {
    expect(parseAdvfirewallProfiles(decodeConsole(fixture(file), 65001))).toEqual({ kind: 'ok', data: [profile] });
  });
  it('leaves a state word it does not know as null, and such a profile out of the evaluator', () => {
    const text = fixture('advfirewall-allprofiles.en-US.partial.txt').toString('utf8').replace('ON\r\n', 'AAN\r\n');
    const parsed = parseAdvfirewallProfiles(text);
    expect(parsed.kind === 'ok' && parsed.data[0]?.enabled).toBeNull();
    expect(parsed.kind === 'ok' && advfirewallToProfiles(parsed.data)).toEqual([]);
  });
});
