/**
 * `engine.portsAction.*`: the Ports view's and `portdoctor ports`' close-connection and end-process actions (issue 13
 * item 6), shared by the CLI and the app. Mounted in engine-en.ts under `portsAction`.
 */
export const portsActionEn = {
  previewClose:
    'Close the TCP connection {{local}} → {{remote}}: both ends see it reset, and the program that owns it gets an error on its next read or write.',
  previewEnd: 'End {{name}} (PID {{pid}}): it gets SIGTERM and may finish its work first.',
  previewEndForce: 'End {{name}} (PID {{pid}}): SIGTERM, then SIGKILL if it still runs after 3 s.',
  previewEndWindows: 'End {{name}} (PID {{pid}}) with Stop-Process: Windows ends it at once, without letting it finish its work.',
  path: 'Program file: {{path}}',
  elevated: 'The command runs with administrator rights: you may be asked for your password.',
  ownRights: 'The command runs with your own rights.',
  commands: 'Command that will run:',
  ran: 'Command that ran:',
  notRun: 'Nothing ran. Add --yes to run it.',
  closed: 'Closed: the connection {{local}} → {{remote}} is gone from the socket table.',
  ended: 'Ended: PID {{pid}} ({{name}}) is gone.',
  notFoundClose: 'No such connection: {{local}} → {{remote}} is not in the socket table (it may have closed already).',
  notFoundEnd: 'No process with PID {{pid}}: it may have ended already.',
  stillOpen:
    'Still open: ss closed nothing and the connection is still listed. The kernel may lack CONFIG_INET_DIAG_DESTROY, or the connection changed state meanwhile.',
  stillRunning: 'Still running: PID {{pid}} did not end after the signal. Add SIGKILL (force) if it must go.',
  failed: 'Failed: {{detail}}',
  failedNoDetail: 'Failed: the command gave no answer PortDoctor could read.',
  audit: 'Written to the audit log: {{path}}',
  reason: {
    init: 'PID 1 is the init system: ending it would bring the whole system down, so PortDoctor refuses.',
    self: 'PID {{pid}} is PortDoctor itself or a process it runs under: PortDoctor does not end it.',
    kernel: 'PID {{pid}} belongs to the kernel: there is no program to end.',
    replay: 'This is a replayed report: nothing runs on this computer. Run PortDoctor on the computer that recorded it.',
    'destroy-unsupported':
      'This kernel cannot close a connection on request: it was built without CONFIG_INET_DIAG_DESTROY. End the owning process instead, or restart the service.',
    'ipv6-unsupported': 'Windows can close IPv4 connections only (SetTcpEntry has no IPv6 form): end the owning process instead.',
    'needs-admin':
      'Administrator rights are needed and were not granted: run PortDoctor as administrator (on the command line: sudo portdoctor …).',
    'process-changed': 'PID {{pid}} now belongs to another process than the one previewed: nothing was ended. Look again.',
    'unsupported-platform': 'Closing connections and ending processes is built for Linux and Windows only.',
    'command-failed': 'The command failed.',
  },
  badConnection:
    'Not a connection: give it as <local address>:<port>-<remote address>:<port>, IPv6 in brackets, e.g. 10.0.0.5:8080-10.0.0.9:51234 or [::1]:80-[::1]:40000.',
  badPid: 'Not a process id: give a whole number from 2 upwards.',
  oneAction: 'Give --close or --kill, not both.',
};
