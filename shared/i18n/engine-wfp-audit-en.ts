/**
 * `engine.wfpAudit.*`: the Windows Filtering Platform drop-audit window (issue 16 item 12) — its preview, progress
 * and result, as `portdoctor audit-wfp` prints them and the app shows them. Mounted in engine-en.ts under `wfpAudit`.
 */
export const wfpAuditEn = {
  planHead: 'Filtering Platform drop auditing (events 5152/5157) for {{minutes}} min while a client retries {{protocol}} port {{port}}:',
  planGet: 'read the settings: {{command}}',
  planEnable: 'turn on: {{command}}',
  planWait: 'then wait {{minutes}} min, read the drops of the port and the filter that dropped them, and',
  planDisable: 'turn off again: {{command}}',
  leftOpen:
    'An earlier audit window (started {{startedAt}}, port {{port}}) did not finish: if auditing is still on, run at an elevated prompt:',
  planOnlyChanged: '(only a subcategory that was off before is turned off again — also when interrupted or a step fails)',
  notStarted: 'Nothing was changed. Re-run with --yes to turn auditing on.',
  dryRun: '(dry run: nothing was changed)',
  ask: 'Turn drop auditing on for {{minutes}} min now? [y/N] ',
  declined: 'Nothing was changed.',
  auditing: 'auditing on for {{minutes}} min — retry from the client now (Ctrl-C ends early; auditing is turned off again)',
  left: 'auditing: {{seconds}} s left',
  stopping: 'ending early: reading the drops and turning auditing off again — please wait',
  outcomeDone: 'Audit window: done.',
  outcomeCancelled: 'Audit window: ended early.',
  outcomeNotEnabled: 'Audit window: auditing was not turned on.',
  outcomeDoneWith: 'Audit window: done ({{detail}}).',
  outcomeCancelledWith: 'Audit window: ended early ({{detail}}).',
  outcomeNotEnabledWith: 'Audit window: auditing was not turned on ({{detail}}).',
  thirdParty:
    '{{count}} inbound {{proto}} {{port}} drop(s) logged by the Windows Filtering Platform in the last hour (last at {{last}}): filter {{id}} "{{name}}" belongs to {{provider}}, third-party software, which drops it ({{action}}, not a Windows Firewall rule).',
  windowsFilter:
    '{{count}} inbound {{proto}} {{port}} drop(s) logged by the Windows Filtering Platform in the last hour (last at {{last}}) by Windows filter {{id}} "{{name}}" ({{provider}}).',
  unknownFilter:
    '{{count}} inbound {{proto}} {{port}} drop(s) logged by the Windows Filtering Platform in the last hour (last at {{last}}) by filter {{id}}, whose provider could not be read.',
  noDrop:
    'No inbound {{proto}} {{port}} drop was logged in the last hour. If a client retried meanwhile, its packets either did not reach this host (see step 5, portdoctor watch) or were dropped by nothing that logs Filtering Platform drops.',
  policyChanged: 'Audit policy: turned on {{changed}} subcategory(ies), turned off again {{restored}}.',
  policyAlreadyOn: 'Audit policy: both subcategories were already on; left as they were.',
  undoByHand: 'still on — run at an elevated prompt: {{command}}',
  logged: 'Logged in {{path}}',
  onlyWindows: 'Filtering Platform drop auditing exists only on Windows: nothing was changed.',
  replaying: 'A replayed report changes nothing: run the audit window on the Windows host itself.',
  needsAdmin: 'Changing the audit policy needs an elevated prompt (Run as administrator): nothing was changed.',
  detailNotListed: 'auditpol /get did not list both subcategories (an elevated prompt is needed)',
  detailUnreadAfter:
    'auditpol /get could not be read after turning auditing on: whether it was off before is unknown, so nothing was turned off',
  detailEnableFailed: 'auditpol could not turn auditing on: {{reason}}',
  detailStopped: 'the audit window stopped: {{reason}}',
  detailDropsUnread: 'the drop events could not be read: {{reason}}',
  detailCancelledEarly: 'interrupted before auditing was turned on',
};
