import { defuseText } from '../shared/text/defuse';
import { app, BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { createServices } from './app/services';
import { applyAppSecurity, trustedRendererUrl } from './app/security';
import { holdQuitWhile } from './app/quit-guard';
import { createMainWindow } from './app/window';
import { createHandlers } from './handlers';
import { endWfpAuditWindows, wfpAuditRunning } from './handlers/firewall-wfp-audit';
import { registerIpc } from './ipc/handle';

// Set by Electron Forge's Vite plugin in development; undefined in a packaged build.
declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;

const devServerUrl = typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' ? MAIN_WINDOW_VITE_DEV_SERVER_URL : undefined;
const indexFile = join(__dirname, '../renderer/main_window/index.html');
const preload = join(__dirname, 'preload.cjs');
const isTrusted = trustedRendererUrl(devServerUrl, indexFile);

app.enableSandbox();
if (!app.requestSingleInstanceLock()) app.quit();

void app.whenReady().then(() => {
  applyAppSecurity(app, session.defaultSession, isTrusted);
  registerIpc({
    table: createHandlers(),
    services: createServices({ dataDir: app.getPath('userData') }),
    isTrustedUrl: isTrusted,
    log: (channel, why) => console.warn(defuseText(`ipc: rejected ${channel}: ${why}`)),
  });
  createMainWindow({ preload, devServerUrl, indexFile });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow({ preload, devServerUrl, indexFile });
  });
});

app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
// Quitting during a Windows drop-audit window first ends it, so the audit policy is put back before the app exits.
holdQuitWhile(app, wfpAuditRunning, endWfpAuditWindows);
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
