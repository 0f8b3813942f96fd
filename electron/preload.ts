import { contextBridge, ipcRenderer } from 'electron';
import { createApi } from '../shared/ipc/api';
import { createIpcTransport } from './ipc/ipc-transport';

// One narrow global with named methods (window.portDoctor.diagnose.checkPort(…)); never ipcRenderer itself.
contextBridge.exposeInMainWorld('portDoctor', createApi(createIpcTransport(ipcRenderer)));
