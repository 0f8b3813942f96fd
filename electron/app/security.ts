import type { App, Session, WebContents, WebPreferences } from 'electron';
import { pathToFileURL } from 'node:url';

/**
 * webPreferences for every window (Electron security checklist: #2 no Node integration for remote
 * content, #3 context isolation, #4 process sandboxing, #5 webSecurity, #9 no experimental features,
 * #10 no <webview>).
 */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** A predicate for the app's own renderer URL: the dev server's origin, or the packaged index.html file. */
export function trustedRendererUrl(devServerUrl: string | undefined, indexFile: string): (url: string) => boolean {
  const fileUrl = pathToFileURL(indexFile).href;
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
  return (url: string) => {
    try {
      const u = new URL(url);
      if (devOrigin !== null && u.origin === devOrigin) return true;
      return u.protocol === 'file:' && `${u.protocol}//${u.host}${u.pathname}` === fileUrl;
    } catch {
      return false;
    }
  };
}

/** Deny navigation, redirects, new windows and <webview> (checklist #11, #12, #13). */
export function hardenWebContents(contents: WebContents, isTrusted: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrusted(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** App-wide: every web contents hardened, every permission request denied (checklist #6), no remote content fetched. */
export function applyAppSecurity(app: App, session: Session, isTrusted: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, isTrusted));
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const ok =
      isTrusted(details.url) ||
      details.url.startsWith('devtools://') ||
      /^(file|data):/.test(details.url) ||
      isDevAsset(details.url, isTrusted);
    callback({ cancel: !ok });
  });
}

function isDevAsset(url: string, isTrusted: (url: string) => boolean): boolean {
  // The dev server serves every module from its own origin; anything else is remote content.
  try {
    return isTrusted(new URL('/', url).href);
  } catch {
    return false;
  }
}
