/**
 * Builds localised pktmon outputs from a real English one by translating the header labels only and by
 * reordering its comma-separated fields; the packet lines are left exactly as they were.
 * ko-KR's labels are the ones a real ko-KR pktmon printed (test/fixtures/capture/SOURCES.md); the others are
 * our own translations, not observed output — they stand for "some label we have never seen".
 */

/** The English labels of a pktmon header, in the order pktmon prints them. */
export const ENGLISH_LABELS = [
  'PktGroupId',
  'PktNumber',
  'Appearance',
  'Direction',
  'Type',
  'Component',
  'Edge',
  'Filter',
  'OriginalSize',
  'LoggedSize',
] as const;

/** Label translations: PktGroupId, PktNumber and the sizes stay English, as on the real ko-KR system. */
export const LABELS: Record<string, Partial<Record<(typeof ENGLISH_LABELS)[number], string>>> = {
  'ko-KR (observed)': { Appearance: '모양', Direction: '방향', Type: '유형', Component: '구성 요소', Edge: '에지', Filter: '필터' },
  'de-DE (ours)': { Appearance: 'Vorkommen', Direction: 'Richtung', Type: 'Typ', Component: 'Komponente', Edge: 'Kante', Filter: 'Filter' },
  'ja-JP (ours)': {
    Appearance: '出現',
    Direction: '方向',
    Type: '種類',
    Component: 'コンポーネント',
    Edge: 'エッジ',
    Filter: 'フィルター',
  },
  'zh-CN (ours)': { Appearance: '出现', Direction: '方向', Type: '类型', Component: '组件', Edge: '边缘', Filter: '筛选器' },
};

/** Every label translated, the packet ids too (never observed): only the field positions are left to go by. */
export const ALL_TRANSLATED: Record<string, string> = {
  PktGroupId: '패킷그룹',
  PktNumber: '패킷번호',
  Appearance: '모양',
  Direction: '방향',
  Type: '유형',
  Component: '구성 요소',
  Edge: '에지',
  Filter: '필터',
  OriginalSize: '원래 크기',
  LoggedSize: '기록 크기',
};

/** Field orders to try: pktmon's own, reversed, and rotated by three. */
export const ORDERS: Record<string, (n: number) => number[]> = {
  printed: (n) => [...Array(n).keys()],
  reversed: (n) => [...Array(n).keys()].reverse(),
  rotated: (n) => [...Array(n).keys()].map((i) => (i + 3) % n),
};

const HEADER = /^(.*?\d\d:\d\d:\d\d\.\d+ (?:\[[^\]]*\] )?(?:Drop: )?)(PktGroupId .*)$/;

/** One header line with its labels translated and its fields in `order`; other lines are returned unchanged. */
export function translateLine(line: string, labels: Record<string, string>, order: (n: number) => number[]): string {
  const m = HEADER.exec(line);
  if (!m) return line;
  const fields = (m[2] ?? '').split(',').map((f) => {
    const t = f.trim();
    const at = t.indexOf(' ');
    const label = t.slice(0, at);
    return `${labels[label] ?? label}${t.slice(at)}`;
  });
  return `${m[1] ?? ''}${order(fields.length)
    .map((i) => fields[i])
    .join(', ')}`;
}

/** Each (labels × order) variant of a whole pktmon text. */
export function variants(text: string): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  for (const [locale, labels] of Object.entries(LABELS)) {
    for (const [orderName, order] of Object.entries(ORDERS)) {
      out.push({
        name: `${locale}, ${orderName}`,
        text: text
          .split('\n')
          .map((l) => translateLine(l, labels as Record<string, string>, order))
          .join('\n'),
      });
    }
  }
  out.push({
    name: 'every label translated, printed order',
    text: text
      .split('\n')
      .map((l) => translateLine(l, ALL_TRANSLATED, ORDERS.printed ?? ((n) => [...Array(n).keys()])))
      .join('\n'),
  });
  return out;
}
