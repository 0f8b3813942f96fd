import { describe, expect, it } from 'vitest';
import { englishLeft, englishLines } from './support/english-lines';

// The detector behind zh-cn-sweep.test.ts must catch what issue 13 item 5 found on main, and pass what is allowed.
describe('english-lines: the zh-CN sweep’s detector', () => {
  it.each([
    'connect to 10.231.1.1:8080: ok after 29 ms from 10.231.1.2:36982',
    '10.231.1.1 is an address; nothing to resolve',
    'refused: the host answered with a reset (RST) or ICMP port-unreachable: nothing listens, or a firewall rejects',
    '结论：ok',
    '当前生效：none',
    'nftables 默认策略 no rules 判定为 accept',
    '(dry run: nothing was changed)',
    '  连接 [::1]:8080：refused（ECONNREFUSED），用时 4 ms',
    'LISTEN 0.0.0.0:8080（接受队列 0/511）— 所属进程：pid 17981, node, user root',
    'unknown option',
    '没有匹配的 nftables 规则，因此由链 inet pdz/input 的默认策略决定：drop。',
  ])('flags %j', (line) => {
    expect(englishLeft(line)).not.toBe('');
  });

  it.each([
    '  $ nft -a list table inet pdz',
    '结论：没有进程在监听该端口。 [not-listening]',
    'nftables 规则 `tcp dport 8080 counter drop comment "pdz"`（table inet pdz, chain input, handle 2, comment "pdz"）丢弃该数据包；到目前为止已丢弃 8 个数据包。',
    'LISTEN 0.0.0.0:8080（接受队列 0/511）— 所属进程：pid 17981, node, 用户 root',
    '[PASS] 1. 服务在本机有响应 — 正在监听端口 8080（node）',
    '建议操作：在当前生效的防火墙中放行来自 <client-cidr> 的 8080/tcp',
    '[SKIP] 5. 数据包能到达 — 没有抓包：请使用 --watch <秒数> 或 --watch-report <文件>',
    '       nft --echo --handle insert rule inet pdz input position 2 ip saddr 10.231.1.2 tcp dport 8080 counter accept',
    '撤销：nft delete rule inet pdz input handle <nft 添加时给出的 handle>',
    'tcp  LISTEN       0.0.0.0:8080        0.0.0.0:0       0/511       4242/node (root)',
    '源地址 10.231.1.2；路由：`10.231.1.1 dev veth0a src 10.231.1.2 uid 0`',
  ])('passes %j', (line) => {
    expect(englishLeft(line)).toBe('');
  });

  it('skips the lines given as commands, shown as they are typed', () => {
    const text = 'uvicorn main:app --host 0.0.0.0 --port 8080\n在 application.properties 中设置';
    expect(englishLines(text)).toHaveLength(1);
    expect(englishLines(text, new Set(['uvicorn main:app --host 0.0.0.0 --port 8080']))).toEqual([]);
  });
});
