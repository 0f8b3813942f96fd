/** `wfpAudit.*`: the app's drop-audit window action (issue 16 item 12). Kept apart from en.ts, which is already long. */
export const wfpAuditUiEn = {
  start: 'Record blocked connections for {{minutes}} minutes',
  hint: 'Windows logs which filter drops a connection only while drop auditing is on. PortDoctor turns it on for a few minutes while you retry from the client, then turns it off again.',
  duration: 'How long auditing stays on',
  minutesOption: '{{minutes}} min',
  planning: 'Preparing…',
  confirmTitle: 'Turn on drop auditing?',
  confirmBody:
    'These commands run on this computer with administrator rights. Afterwards only the settings that were off are turned off again — also when you end early or a step fails.',
  confirm: 'Record for {{minutes}} minutes',
  cancel: 'Cancel',
  running: 'Auditing: {{seconds}} s left — retry from the client now.',
  end: 'End now',
  ending: 'Ending: reading the drops and turning auditing off again…',
  byHand: 'Still on — run this at an elevated prompt:',
  failed: 'The audit window failed: {{message}}',
};
