// The bridge between the sandboxed page and main. It exposes narrow functions
// grouped by domain and nothing raw: no ipcRenderer, no generic invoke, no
// event objects. Channels and types come from the contract in src/shared.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ApiCallName, CallInput, CallOutput, SendCall } from '../shared/api';
import type { CallReply } from '../shared/api-error';
import { bindApi, type ReplyApi } from '../shared/bind-api';
import { apiChannels, EVENT_CHANNEL } from '../shared/channels';
import type { AirlockEvent, EventListener } from '../shared/events';

// Main validates both ends of each call against its schema, so the preload
// stays a plain relay: it imports only channel names and types, not zod. Main
// answers a CallReply ({ output } or { error }), which the page unwraps on its
// side of the bridge (see ReplyApi).
function send<N extends ApiCallName>(name: N, input: CallInput<N>): Promise<CallReply<CallOutput<N>>> {
  return ipcRenderer.invoke(apiChannels[name], ...(input === undefined ? [] : [input])) as Promise<CallReply<CallOutput<N>>>;
}

// Main validated each event against the schema list before sending it; the
// page's listener gets the event alone, never the IpcRendererEvent.
function subscribe(listener: EventListener): () => void {
  const relay = (_event: IpcRendererEvent, payload: AirlockEvent): void => listener(payload);
  ipcRenderer.on(EVENT_CHANNEL, relay);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, relay);
  };
}

// bindApi's calls return whatever send returns: here the replies themselves.
const replies = bindApi(send as unknown as SendCall, subscribe) as unknown as ReplyApi;
contextBridge.exposeInMainWorld('airlock', replies);
