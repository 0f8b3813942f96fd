import type { Texts } from './engine-en';
import type { ratelimitEn } from './engine-ratelimit-en';
/** `engine.ratelimit.*` in Simplified Chinese (see engine-ratelimit-en.ts). */
export const ratelimitZhCN = {
  reached:
    '{{backend}}已达到速率限制：“{{rule}}”（{{chain}} 中的第 {{position}} 条规则）匹配：recent 列表 {{list}} 在 {{seconds}} 秒内记有来自 {{address}} 的 {{hits}} 次命中（达到 {{threshold}} 次即匹配）；该地址在 {{clears}} 秒内不再发起新连接后，该规则不再匹配（每次尝试都会计入）。',
  reachedKept:
    '{{backend}}已达到速率限制：“{{rule}}”（{{chain}} 中的第 {{position}} 条规则）匹配：recent 列表 {{list}} 记有来自 {{address}} 的 {{hits}} 次命中（达到 {{threshold}} 次即匹配）；只要列表还记着这些命中，它就一直匹配。',
  notReached:
    '{{backend}}未达到速率限制：“{{rule}}”（{{chain}} 中的第 {{position}} 条规则）不匹配：recent 列表 {{list}} 在 {{seconds}} 秒内记有来自 {{address}} 的 {{hits}} 次命中（达到 {{threshold}} 次才匹配）。',
  notReachedAll:
    '{{backend}}未达到速率限制：“{{rule}}”（{{chain}} 中的第 {{position}} 条规则）不匹配：recent 列表 {{list}} 记有来自 {{address}} 的 {{hits}} 次命中（达到 {{threshold}} 次才匹配）。',
  tripped:
    '{{address}} 触发了速率限制：内核的 recent 列表 {{list}} 在 {{seconds}} 秒内记有它的 {{hits}} 次连接尝试，而列表记满 {{threshold}} 次后该规则就会拦下新的连接；该地址 {{clears}} 秒内不再尝试连接后，新连接才会再次被放行。',
  trippedKept:
    '{{address}} 触发了速率限制：内核的 recent 列表 {{list}} 记有它的 {{hits}} 次连接尝试，而列表记满 {{threshold}} 次后该规则就会拦下新的连接，只要列表还记着这些尝试就一直如此。',
  fixWait:
    '从 {{address}} 停止连接 {{clears}} 秒后再连接：该限制拒绝的是突发连接（同一地址在 {{seconds}} 秒内超过 {{limit}} 个新连接），而不是这个端口',
  fixWaitKept: '停止从 {{address}} 连接：该限制拒绝同一地址超过 {{limit}} 个的新连接',
  fixDetail:
    '如果不想再限制该端口，请用 allow 代替 limit：对 ufw 而言，`ufw allow {{port}}` 会把现有的 limit 规则改为 allow 规则。连续打开很多连接的客户端（脚本、健康检查、并行下载）应改为复用同一个连接。',
} satisfies Texts<typeof ratelimitEn>;
