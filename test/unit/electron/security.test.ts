import { describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';

const windows: { options: Record<string, unknown> }[] = [];
vi.mock('electron', () => ({
  nativeTheme: { shouldUseDarkColors: false },
  BrowserWindow: class {
    options: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      this.options = options;
      windows.push(this);
    }
    once() {}
    loadURL = vi.fn(async () => undefined);
    loadFile = vi.fn(async () => undefined);
  },
}));
const { secureWebPreferences, hardenWebContents, trustedRendererUrl, applyAppSecurity } = await import('../../../electron/app/security');
const { createMainWindow } = await import('../../../electron/app/window');

const INDEX = '/opt/PortDoctor/resources/app.asar/.vite/renderer/main_window/index.html';

describe('Electron hardening', () => {
  it('creates the window with contextIsolation, sandbox and no Node integration', () => {
    createMainWindow({ preload: '/x/preload.cjs', devServerUrl: undefined, indexFile: INDEX });
    const prefs = windows.at(-1)?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/x/preload.cjs',
    });
    expect(secureWebPreferences('p')).toEqual({ ...prefs, preload: 'p' });
  });

  it('trusts only the packaged index.html or the dev server origin', () => {
    const trusted = trustedRendererUrl(undefined, INDEX);
    expect(trusted(`file://${INDEX}`)).toBe(true);
    expect(trusted(`file://${INDEX}#/ports`)).toBe(true);
    expect(trusted('file:///etc/passwd')).toBe(false);
    expect(trusted('https://example.com/')).toBe(false);
    expect(trusted('http://localhost:5173/')).toBe(false);
    const dev = trustedRendererUrl('http://localhost:5173/', INDEX);
    expect(dev('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
  });

  it('denies navigation away, redirects, webviews and window.open', () => {
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    hardenWebContents(contents as never, trustedRendererUrl(undefined, INDEX));
    const nav = { preventDefault: vi.fn() };
    contents.emit('will-navigate', nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalled();
    const own = { preventDefault: vi.fn() };
    contents.emit('will-navigate', own, `file://${INDEX}`);
    expect(own.preventDefault).not.toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    contents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    const handler = contents.setWindowOpenHandler.mock.calls[0]?.[0] as () => { action: string };
    expect(handler()).toEqual({ action: 'deny' });
  });

  it('denies every permission and blocks remote requests', () => {
    const app = new EventEmitter();
    let permission: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    let beforeRequest: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined;
    const session = {
      setPermissionRequestHandler: (fn: typeof permission) => (permission = fn),
      setPermissionCheckHandler: (fn: typeof check) => (check = fn),
      webRequest: { onBeforeRequest: (fn: typeof beforeRequest) => (beforeRequest = fn) },
    };
    applyAppSecurity(app as never, session as never, trustedRendererUrl(undefined, INDEX));
    const answers: boolean[] = [];
    permission?.(null, 'media', (ok) => answers.push(ok));
    expect(answers).toEqual([false]);
    expect(check?.()).toBe(false);
    const decisions: boolean[] = [];
    beforeRequest?.({ url: 'https://cdn.example/x.js' }, (r) => decisions.push(r.cancel));
    beforeRequest?.({ url: `file://${INDEX}` }, (r) => decisions.push(r.cancel));
    expect(decisions).toEqual([true, false]);
    expect(app.listenerCount('web-contents-created')).toBe(1);
  });
});

describe('the preload', () => {
  it('exposes one global with named methods, never ipcRenderer or a generic invoke', async () => {
    const exposed: [string, unknown][] = [];
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (name: string, value: unknown) => exposed.push([name, value]) },
      ipcRenderer: { invoke: vi.fn(), on: vi.fn() },
    }));
    await import('../../../electron/preload');
    expect(exposed).toHaveLength(1);
    const [name, api] = exposed[0] ?? [];
    expect(name).toBe('portDoctor');
    const domains = api as Record<string, Record<string, unknown>>;
    expect(Object.keys(domains).sort()).toEqual(['capture', 'diagnose', 'firewall', 'ports', 'remote', 'reports', 'system']);
    expect(typeof domains.diagnose?.checkPort).toBe('function');
    expect(JSON.stringify(Object.keys(domains))).not.toMatch(/invoke|send|ipc/i);
  });
});
