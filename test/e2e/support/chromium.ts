/** Debian's Chromium: the browser the e2e tests and the renderer benchmark drive (playwright-core ships none). */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless and quiet: no GPU, no QUIC, no first-run or background traffic, so the only connections are to the bridge. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
