import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../electron/app/services';
import { cliLanguage, formatCheckText } from '../../../electron/cli/format-check';
import { checkPortHandler } from '../../../electron/handlers/check-port';
import { parseBundleText } from '../../../shared/bundle/schema';

const signal = new AbortController().signal;

async function replay(path: string) {
  const parsed = parseBundleText(readFileSync(path, 'utf8'));
  if (!('bundle' in parsed)) throw new Error('bundle does not parse');
  const r = await checkPortHandler({ port: 8080, protocol: 'tcp' }, { services: createServices({ replay: parsed.bundle, dataDir: '/nonexistent' }), signal });
  if (r.kind !== 'ok') throw new Error(r.detail);
  return r.data;
}

describe('CLI text output in English and Simplified Chinese', () => {
  it('picks the language from --lang, else a zh locale, else English', () => {
    expect(cliLanguage('zh-CN', {})).toBe('zh-CN');
    expect(cliLanguage('en', { LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(cliLanguage(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(cliLanguage(undefined, { LC_ALL: 'C.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(cliLanguage(undefined, {})).toBe('en');
  });

  it('writes a real nftables reject check in Chinese, with rule text, commands and addresses as they are', async () => {
    const report = await replay('test/unit/electron/probes/linux/fixtures/ufw-deny.portdoctor.json');
    const zh = formatCheckText(report, 'zh-CN');
    expect(zh).toContain('结论：host-firewall-drop');
    expect(zh).toContain('主机防火墙悄悄丢弃了该连接。');
    expect(zh).toMatch(/\[FAIL\] 3\. 主机防火墙放行 — ufw 丢弃来自其他网络/);
    expect(zh).toMatch(/ufw 规则判定为 drop — .*ufw-user-input/);
    expect(zh).toContain('$ portdoctor fix 8080 --protocol tcp --dry-run');
    expect(zh).not.toContain('{{');
    const en = formatCheckText(report);
    expect(en).toContain('Verdict: host-firewall-drop\n  The host firewall silently drops the connection.');
    expect(en).toMatch(/\[FAIL\] 3\. Host firewall lets it in — ufw drops TCP 8080 from another network/);
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
