import type { CheckReport } from '../../shared/schemas/report';

const MARK: Record<string, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', unknown: '????', skipped: 'SKIP' };
const TITLES: Record<string, string> = {
  service: '1. Service answers locally',
  binding: '2. Bound where clients can reach it',
  firewall: '3. Host firewall lets it in',
  client: '4. Client connects',
  packets: '5. Packets arrive',
};

/** A check/diagnose report as text for people: verdict first, then each step with its evidence. */
export function formatCheckText(report: CheckReport): string {
  const lines: string[] = [];
  const t = report.target;
  lines.push(`PortDoctor — ${t.protocol.toUpperCase()} port ${t.port}${t.source ? ` from ${t.source}` : ''}`);
  if (report.replayed)
    lines.push(`(replayed from ${report.replayed.hostname}, recorded ${report.replayed.recordedAt}; nothing ran on this machine)`);
  lines.push('');
  lines.push(`Verdict: ${report.verdict.cause}${report.verdict.partial ? ' (some checks could not run)' : ''}`);
  lines.push(`  ${report.verdict.summary}`);
  lines.push('');
  for (const step of report.steps) {
    lines.push(`[${MARK[step.status] ?? step.status}] ${TITLES[step.id] ?? step.id}${step.summary ? ` — ${step.summary}` : ''}`);
    if (step.reason) lines.push(`       reason: ${step.reason}`);
    for (const e of step.evidence.slice(0, 12)) {
      lines.push(`       ${e.text}`);
      if (e.command) lines.push(`         $ ${e.command}`);
    }
    if (step.evidence.length > 12) lines.push(`       … ${step.evidence.length - 12} more (use --json)`);
  }
  if (report.verdict.fixes.length > 0) {
    lines.push('');
    lines.push('Fixes:');
    for (const fix of report.verdict.fixes) {
      lines.push(`  - ${fix.title}`);
      // Guided fixes carry their steps in the detail (e.g. a cloud console path); text users need them too.
      if (fix.kind === 'guided' && fix.detail) lines.push(`    ${fix.detail}`);
      for (const c of fix.commands ?? []) lines.push(`      $ ${c}`);
    }
  }
  return lines.join('\n');
}
