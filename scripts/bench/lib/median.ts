/** The median of a sample (the upper middle for an even count; NaN for none): every benchmark reports medians. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}
