// The bridge between the sandboxed page and main. It exposes narrow functions
// grouped by domain and nothing raw: no ipcRenderer, no generic invoke, no
// event objects. Channels and types come from the contract in src/shared.
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiCallName, CallInput, CallOutput } from '../shared/api';
import { bindApi } from '../shared/bind-api';
import { apiChannels } from '../shared/channels';

// Main validates both ends of each call against its schema, so the preload
// stays a plain relay: it imports only channel names and types, not zod.
function send<N extends ApiCallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
  return ipcRenderer.invoke(apiChannels[name], ...(input === undefined ? [] : [input])) as Promise<CallOutput<N>>;
}

contextBridge.exposeInMainWorld('airlock', bindApi(send));
