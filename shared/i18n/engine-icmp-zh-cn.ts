import type { icmpEn } from './engine-icmp-en';
/** `engine.icmp.*` in Simplified Chinese (see engine-icmp-en.ts). */
export const icmpZhCN = {
  fromTarget:
    'ICMP {{name}}（类型 {{type}}，代码 {{code}}）来自 {{from}}，即目标本身：TCP 协议栈对关闭的端口只回复 reset，从不回复 ICMP，所以是 {{target}} 的防火墙拒绝了该连接',
  fromHopFilter:
    'ICMP {{name}}（类型 {{type}}，代码 {{code}}）来自 {{from}}，这是 {{target}} 之前的一跳：{{from}} 上的过滤规则拒绝了该连接，SYN 从未到达 {{target}}',
  fromHopUnreachable:
    'ICMP {{name}}（类型 {{type}}，代码 {{code}}）来自 {{from}}，这是 {{target}} 之前的一跳：{{from}} 用过滤规则拒绝了该连接，或者它没有通往 {{target}} 的路由（或邻居）；无论哪种情况，SYN 都停在了那里，而不是 {{target}}',
  other: 'ICMP 类型 {{type}}、代码 {{code}} 来自 {{from}}（不是目标不可达消息）：它不能说明到 {{target}} 的连接停在哪里',
  none: '开启内核错误队列后再次连接，没有收到 ICMP 错误：这次失败不是以 ICMP 消息的形式返回的',
  noneRefused: '开启内核错误队列后再次连接，没有收到 ICMP 错误：拒绝来自 TCP reset（来自目标，或代替它应答的设备），而不是 ICMP 端口不可达',
  unread: '无法读出是谁发送了该错误（{{why}}）：只能依据连接结果判断',
} satisfies typeof icmpEn;
