import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../electron/app/services';
import { cliLanguage, formatCheckText } from '../../../electron/cli/format-check';
import { checkPortHandler } from '../../../electron/handlers/check-port';
import { parseBundleText } from '../../../shared/bundle/schema';
import { interpolate } from '../../../shared/i18n/engine-text';
import { zhCN } from '../../../shared/i18n/zh-cn';
import { englishLookup, formatSummaryHtml, formatSummaryMarkdown } from '../../../shared/report/format-summary';
import type { Lookup } from '../../../shared/report/format-summary';

const signal = new AbortController().signal;

async function replay(path: string) {
  const parsed = parseBundleText(readFileSync(path, 'utf8'));
  if (!('bundle' in parsed)) throw new Error('bundle does not parse');
  const r = await checkPortHandler(
    { port: 8080, protocol: 'tcp' },
    { services: createServices({ replay: parsed.bundle, dataDir: '/nonexistent' }), signal },
  );
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
    // The verdict leads with the cause in plain words, its proof (the deciding rule) and the one action.
    const lines = zh.split('\n');
    const at = lines.findIndex((l) => l.startsWith('结论：'));
    const head = lines.slice(at, at + 4);
    expect(head[0]).toBe('结论：主机防火墙悄悄丢弃了该连接。 [host-firewall-drop]');
    expect(head[1]).toMatch(
      /^ {2}证据：ufw 规则 `-A ufw-user-input .*--dport 8080 -j DROP`（table filter, chain ufw-user-input, rule 1）丢弃该数据包。$/,
    );
    expect(head[2]).toMatch(/^ {2}建议操作：在当前生效的防火墙中放行/);
    expect(head[3]).toBe('      $ portdoctor fix 8080 --protocol tcp --dry-run');
    expect(zh).toMatch(/\[FAIL\] 3\. 主机防火墙放行 — ufw 丢弃来自其他网络/);
    expect(zh).not.toContain('判定为 drop');
    expect(zh).toContain('$ portdoctor fix 8080 --protocol tcp --dry-run');
    expect(zh).not.toContain('{{');
    const en = formatCheckText(report);
    expect(en).toMatch(
      /^Verdict: The host firewall silently drops the connection\. \[host-firewall-drop\]\n {2}Proof: The ufw rule `-A ufw-user-input .*` \(table filter, chain ufw-user-input, rule 1\) drops the packet\.\n {2}What to do: Allow 8080\/tcp from <client-cidr> in the firewall in charge\n {6}\$ portdoctor fix 8080 --protocol tcp --dry-run$/m,
    );
    // The body does not repeat the headline: the cause's sentence appears once.
    expect(en.match(/The host firewall silently drops the connection/g)).toHaveLength(1);
    expect(en).toMatch(/\[FAIL\] 3\. Host firewall lets it in — ufw drops TCP 8080 from another network/);
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('Markdown / HTML summaries use the engine keys', () => {
  // The same lookup shape the renderer passes (i18next's t over zh-CN), here over the zh-CN table directly.
  const zhLookup: Lookup = (key, values = {}) => {
    let node: unknown = zhCN;
    for (const part of key.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    return typeof node === 'string' ? interpolate(node, values) : key;
  };

  it('writes the verdict, steps, evidence and fixes of a real check in Chinese, escaped', async () => {
    const report = await replay('test/unit/electron/probes/linux/fixtures/policy-drop-allowlist.portdoctor.json');
    const md = formatSummaryMarkdown(report, zhLookup, '2026-11-21T06:00:00.000Z');
    expect(md).toContain('主机防火墙悄悄丢弃了该连接。');
    expect(md).toContain('没有匹配的 iptables-nft 规则，因此由链 filter/INPUT 的默认策略决定：DROP。');
    expect(md).toContain('规则放行的来源：10.231.9.0/24');
    expect(md).toContain('在当前生效的防火墙中放行来自 &lt;client-cidr&gt; 的 8080/tcp');
    const html = formatSummaryHtml(report, zhLookup, '2026-11-21T06:00:00.000Z', 'zh-CN');
    expect(html).toContain('<p>主机防火墙悄悄丢弃了该连接。</p>');
    expect(html).toContain('在当前生效的防火墙中放行来自 &lt;client-cidr&gt; 的 8080/tcp');
    // English lookup: exactly the English texts.
    expect(formatSummaryMarkdown(report, englishLookup, 'x')).toContain('The host firewall silently drops the connection.');
  });
});
