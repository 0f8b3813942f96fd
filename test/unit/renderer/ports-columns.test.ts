import { describe, expect, it } from 'vitest';
import { clampWidth, defaultWidths, gridTemplate, nextSort, sortRows, toTsv } from '../../../renderer/features/ports/ports-columns';
import { diffSockets } from '../../../renderer/features/ports/ports-diff';
import { namedEndpoint } from '../../../renderer/features/ports/ports-view-store';
import { REAL_SOCKETS } from './ports-fixture';

const rows = diffSockets(null, REAL_SOCKETS).rows;
const t = (k: string) => k;

describe('explorer columns: sort, resize, copy', () => {
  it('sorts by a column ascending, then descending, then back to the explorer’s order (stable)', () => {
    expect(nextSort(null, 'local')).toEqual({ column: 'local', direction: 'ascending' });
    expect(nextSort({ column: 'local', direction: 'ascending' }, 'local')).toEqual({ column: 'local', direction: 'descending' });
    expect(nextSort({ column: 'local', direction: 'descending' }, 'local')).toBeNull();
    expect(sortRows(rows, null)).toBe(rows);
    const byPort = sortRows(rows, { column: 'local', direction: 'ascending' });
    const keys = byPort.map((r) => `${r.localAddress}|${r.localPort}`);
    // IPv4 by number, IPv6 after every IPv4, each by port within its address.
    const v4 = byPort.filter((r) => !r.localAddress.includes(':'));
    for (let i = 1; i < v4.length; i++) {
      const [a, b] = [v4[i - 1]!, v4[i]!];
      const n = (x: string) => x.split('.').reduce((s, o) => s * 256 + Number(o), 0);
      expect(n(a.localAddress) < n(b.localAddress) || (a.localAddress === b.localAddress && a.localPort <= b.localPort)).toBe(true);
    }
    expect(byPort.findIndex((r) => r.localAddress.includes(':'))).toBeGreaterThanOrEqual(v4.length);
    expect(sortRows(rows, { column: 'local', direction: 'descending' }).map((r) => `${r.localAddress}|${r.localPort}`)).not.toEqual(keys);
    const byState = sortRows(rows, { column: 'state', direction: 'ascending' }).map((r) => r.stateKey);
    expect(byState).toEqual([...byState].sort());
  });

  it('resizes within each column’s bounds; the Actions column never gets narrower than its buttons', () => {
    expect(clampWidth('local', 20)).toBe(90);
    expect(clampWidth('local', 5000)).toBe(900);
    expect(clampWidth('actions', 40)).toBe(132);
    expect(gridTemplate(defaultWidths()).split(' ')).toHaveLength(10);
  });

  it('copies rows as TSV with a header; a tab or newline inside a value cannot split a row', () => {
    const hostile = { ...rows[0]!, owner: 'evil\tname\n(1)', path: '/opt/x\ty' };
    const text = toTsv([rows[0]!, hostile], t);
    const lines = text.replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      ['ports.protocol', 'ports.local', 'ports.remote', 'ports.state', 'ports.scope', 'ports.process', 'ports.path', 'ports.unit'].join(
        '\t',
      ),
    );
    for (const line of lines) expect(line.split('\t')).toHaveLength(8);
    expect(lines[2]).toContain('evil name (1)');
  });

  it('shows names where resolved: the host for an address, the service for a port, else the numbers', () => {
    const names = new Map([['10.0.0.9', 'db.example']]);
    const services = new Map([[5432, 'postgresql']]);
    expect(namedEndpoint('10.0.0.9', 5432, names, services)).toBe('db.example:postgresql');
    expect(namedEndpoint('fd00::1', 40000, names, services)).toBe('[fd00::1]:40000');
  });
});
