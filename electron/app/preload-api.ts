// What the preload hands to contextBridge: the contract's client over ipcRenderer, and nothing
// else. ipcRenderer itself never reaches the page.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { Contract, TeleworkerApi } from '../../shared/contract';
import { createClient } from '../../shared/contract/client';
import { contractManifest } from '../../shared/contract/manifest.generated';

export function buildPreloadApi(ipcRenderer: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>): TeleworkerApi {
  // The manifest, not the zod contract: the main process validates; the preload only forwards.
  return createClient<Contract>(contractManifest, {
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
    subscribe(channel, listener) {
      const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.removeListener(channel, wrapped);
      };
    },
  });
}
