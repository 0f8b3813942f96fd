import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';

/** The app version from package.json, compiled into every bundle (`__APP_VERSION__`). */
export const appVersion: string = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

/** Node built-ins and Electron stay external in main-process bundles. */
export const nodeExternals = ['electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
