// The preload exposes ONE object with ONE method: invoke(command, input) on the one channel.
// No Node, no ipcRenderer, no other channel reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, type PreloadBridge } from '../common/bridge';

export const bridge: PreloadBridge = {
  invoke: (command: string, input: unknown) => ipcRenderer.invoke(IPC_CHANNEL, command, input),
};

contextBridge.exposeInMainWorld('siteoffice', bridge);
