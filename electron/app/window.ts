import { BrowserWindow, nativeTheme } from 'electron';
import { secureWebPreferences } from './security';

export interface WindowOptions {
  preload: string;
  devServerUrl: string | undefined;
  indexFile: string;
}

/** The main window: hardened webPreferences, themed to the OS, loading only the app's own renderer. */
export function createMainWindow({ preload, devServerUrl, indexFile }: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'PortDoctor',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1f1f1f' : '#fafafa',
    webPreferences: secureWebPreferences(preload),
  });
  window.once('ready-to-show', () => window.show());
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(indexFile);
  return window;
}
