import { describe, expect, it } from 'vitest';
import { NO_FILTERS, filterRows, searchMatcher } from '../../../renderer/features/ports/ports-diff';
import { csvCell, escapeHtml, exportColumns, toCsv, toHtml } from '../../../renderer/features/ports/ports-export';
import { ownerMissingKey, scopeOf, selectExplorerRows } from '../../../renderer/features/ports/ports-selectors';
import { REAL_SOCKETS } from './ports-fixture';

const rows = selectExplorerRows(REAL_SOCKETS);
const byLocal = (local: string) => rows.find((r) => r.local === local && r.listener);

describe('scope badges', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.0.0.5', 'lan'],
    ['192.168.1.20', 'lan'],
    ['172.31.0.1', 'lan'],
    ['172.32.0.1', 'public'],
    ['fe80::1%eth0', 'lan'],
    ['fd00::5', 'lan'],
    ['203.0.113.5', 'public'],
    ['0.0.0.0', 'public'],
    ['::', 'public'],
    ['*', 'public'],
  ])('%s is %s', (address, scope) => {
    expect(scopeOf(address)).toBe(scope);
  });
});

describe('explorer rows from a real socket table', () => {
  it('flags risky services exposed beyond loopback, and only listeners', () => {
    expect(byLocal('0.0.0.0:6379')?.risk).toBe('Redis');
    expect(byLocal('10.0.0.5:5432')?.risk).toBe('PostgreSQL');
    expect(byLocal('203.0.113.5:3306')?.risk).toBe('MySQL');
    expect(byLocal('[::]:22')?.risk).toBe('SSH');
    expect(byLocal('127.0.0.1:8080')?.risk).toBeNull();
    // The accepted Redis connection is on 6379 too, but a connection is not an exposure.
    const accepted = rows.find((r) => r.local === '10.0.0.5:6379' && r.state === 'ESTAB');
    expect(accepted?.risk).toBeNull();
    expect(accepted?.scope).toBe('lan');
  });

  it('lists listeners first (UDP unconnected counts), then by port, with unique stable keys', () => {
    const listeners = rows.filter((r) => r.listener).map((r) => r.local);
    expect(rows.slice(0, listeners.length).every((r) => r.listener)).toBe(true);
    expect(listeners).toEqual([
      '[::]:22',
      '203.0.113.5:3306',
      '0.0.0.0:5353',
      '10.0.0.5:5432',
      '0.0.0.0:6379',
      '127.0.0.1:7000',
      '127.0.0.1:8080',
      '[::1]:9000',
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(REAL_SOCKETS.length);
    expect(byLocal('[::]:22')?.key).toBe('tcp6|::|22|::|0');
  });

  it('says a TIME-WAIT socket is held by the kernel, and any other missing owner is unknown', () => {
    const tw = rows.find((r) => r.state === 'TIME-WAIT');
    expect(tw?.owner).toBeNull();
    expect(ownerMissingKey(tw ?? { state: '' })).toBe('ports.ownerNone');
    expect(ownerMissingKey({ state: 'ESTAB' })).toBe('ports.ownerUnknown');
  });
});

describe('filters and search', () => {
  it('matches digits as an exact local or remote port, text as a substring', () => {
    expect(filterRows(rows, { ...NO_FILTERS, text: '8080' }).map((r) => r.local)).toEqual([
      '127.0.0.1:8080',
      '127.0.0.1:8080',
      '127.0.0.1:44902',
      '127.0.0.1:44912',
    ]);
    expect(filterRows(rows, { ...NO_FILTERS, text: '808' })).toHaveLength(0);
    expect(filterRows(rows, { ...NO_FILTERS, text: 'close-wait' }).map((r) => r.local)).toEqual(['127.0.0.1:7000']);
    expect(filterRows(rows, { ...NO_FILTERS, text: 'redis' }).map((r) => r.local)).toEqual(['0.0.0.0:6379']);
    expect(searchMatcher('  ')(rows[0] as (typeof rows)[0])).toBe(true);
  });

  it('filters by protocol, state, scope and risk', () => {
    expect(filterRows(rows, { ...NO_FILTERS, protocol: 'udp' }).map((r) => r.local)).toEqual(['0.0.0.0:5353']);
    expect(
      filterRows(rows, { ...NO_FILTERS, state: 'waiting' })
        .map((r) => r.state)
        .sort(),
    ).toEqual(['CLOSE-WAIT', 'FIN-WAIT-2', 'TIME-WAIT']);
    expect(filterRows(rows, { ...NO_FILTERS, state: 'established' })).toHaveLength(4);
    expect(filterRows(rows, { ...NO_FILTERS, scope: 'public' }).map((r) => r.local)).toEqual([
      '[::]:22',
      '203.0.113.5:3306',
      '0.0.0.0:5353',
      '0.0.0.0:6379',
    ]);
    expect(filterRows(rows, { ...NO_FILTERS, riskyOnly: true, scope: 'lan' }).map((r) => r.local)).toEqual(['10.0.0.5:5432']);
    // No filter: the same array back, so a 20k table is not copied every second.
    expect(filterRows(rows, NO_FILTERS)).toBe(rows);
  });
});

describe('export', () => {
  const columns = exportColumns((k) => k);

  it('neutralises spreadsheet formulas and quotes CSV cells', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('node (7)')).toBe('node (7)');
  });

  it('writes a hostile owner name as inert text in both formats', () => {
    const hostile = selectExplorerRows([
      { ...(REAL_SOCKETS[1] as (typeof REAL_SOCKETS)[0]), owner: { pid: 9, name: '=cmd|"/c calc"!A0<script>' } },
    ]);
    const csv = toCsv(hostile, columns);
    expect(csv.split('\r\n')[1]).toBe(`tcp,0.0.0.0:6379,0.0.0.0:0,LISTEN,ports.scopes.public,Redis,"'=cmd|""/c calc""!A0<script> (9)"`);
    const html = toHtml(hostile, columns, 'Ports <b>', 'en');
    expect(html).not.toContain('<script>');
    expect(html).toContain('<td>=cmd|&quot;/c calc&quot;!A0&lt;script&gt; (9)</td>');
    expect(html).toContain('<title>Ports &lt;b&gt;</title>');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });
});
