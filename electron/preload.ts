// Built as CommonJS (a sandboxed preload cannot load ES modules).
import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from './app/preload-api';

contextBridge.exposeInMainWorld('teleworker', buildPreloadApi(ipcRenderer));
