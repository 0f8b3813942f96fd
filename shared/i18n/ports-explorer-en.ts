/**
 * `ports.*` additions of the TCPView-class explorer (issue 13 item 6): columns, sorting and resizing, names,
 * copying, and the close-connection / end-process dialogs. Kept apart from en.ts, which is already long; spread
 * into its `ports` section.
 */
export const portsExplorerEn = {
  path: 'Program file',
  unit: 'Service / unit',
  process: 'Process',
  sortBy: 'Sort by {{column}}',
  resizeColumn: 'Resize column {{column}} (arrow keys)',
  resolveNames: 'Resolve names',
  resolveNamesHint: 'Show host names of remote addresses (reverse DNS, at most 2 s per refresh, cached) and service names of ports.',
  resolving: 'Resolving names…',
  copyAll: 'Copy all',
  copyRow: 'Copy row {{row}}',
  copiedRows_one: 'Copied {{count}} row (tab-separated)',
  copiedRows_other: 'Copied {{count}} rows (tab-separated)',
  copyFailed: 'The clipboard could not be written: allow clipboard access, or use Export CSV.',
  closeConnection: 'Close connection {{local}} → {{remote}}',
  endProcess: 'End process {{name}} (PID {{pid}})',
  actionTitleClose: 'Close this connection?',
  actionTitleEnd: 'End this process?',
  forceKill: 'SIGKILL if it still runs after 3 s',
  actionConfirm: 'Close connection',
  actionConfirmEnd: 'End process',
  actionCancel: 'Cancel',
  actionClose: 'Close',
  actionRunning: 'Running…',
  actionPreviewing: 'Reading the process…',
  actionFailed: 'PortDoctor could not ask for this action: {{message}}',
};
