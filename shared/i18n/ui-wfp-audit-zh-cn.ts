import type { wfpAuditUiEn } from './ui-wfp-audit-en';
/** `wfpAudit.*` in Simplified Chinese (see ui-wfp-audit-en.ts). */
export const wfpAuditUiZhCN = {
  start: '记录被阻止的连接 {{minutes}} 分钟',
  hint: '只有在丢弃审核开启时，Windows 才会记录是哪个筛选器丢弃了连接。PortDoctor 会在你从客户端重试期间开启审核几分钟，然后再次关闭。',
  duration: '审核开启时长',
  minutesOption: '{{minutes}} 分钟',
  planning: '正在准备…',
  confirmTitle: '开启丢弃审核？',
  confirmBody: '以下命令将以管理员权限在本机上运行。之后只会关闭此前处于关闭状态的设置 — 提前结束或某一步失败时也是如此。',
  confirm: '记录 {{minutes}} 分钟',
  cancel: '取消',
  running: '审核中：剩余 {{seconds}} 秒 — 请现在从客户端重试。',
  end: '立即结束',
  ending: '正在结束：读取丢弃记录并再次关闭审核…',
  byHand: '仍处于开启状态 — 请在提升权限的命令提示符中运行：',
  failed: '审核窗口失败：{{message}}',
} satisfies typeof wfpAuditUiEn;
