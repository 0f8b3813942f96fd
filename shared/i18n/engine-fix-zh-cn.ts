/** `engine.fixCheck.*` in Simplified Chinese (see engine-fix-en.ts). */
export const fixCheckZhCN = {
  present: '在此处存在',
  absent: '不在此处',
  unknown: '无法检查',
  undone: '已于 {{undone}} 撤销',
  undoWith: '撤销：portdoctor fix --undo {{id}}',
  testWith: '测试：portdoctor fix --verify {{id}}（在客户端重试之后）',
  none: '此数据文件夹中没有修复记录。',
  proofCounter: '已验证：来自 {{client}} 的 SYN 已被放行（规则计数器 {{before}} → {{after}}）。',
  proofCounterAny: '已验证：新规则放行了流量（规则计数器 {{before}} → {{after}}）；计数器无法说明来自哪个客户端。',
  proofReevaluated: '仅通过重新评估验证：规则集现在放行该 SYN，但新规则尚未计到任何流量（计数器 {{after}}）。',
  proofReevaluatedNoCounter: '仅通过重新评估验证：规则集现在放行该 SYN；{{why}}。',
  notFixed: '未验证：规则集并不放行该 SYN。',
  retry: '让客户端再试一次（portdoctor probe <本主机>:{{port}}），然后运行：portdoctor fix --verify {{id}}。',
  outcomeCounter: '已修复——已由真实流量验证（规则计数器）',
  outcomeReevaluated: '已修复——通过重新评估验证（尚未看到流量）',
  outcomeNotFixed: '未验证为已修复',
};
