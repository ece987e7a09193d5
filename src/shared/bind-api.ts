// Groups the flat calls of the contract into the domain-shaped API the renderer
// sees (`api.app.version()`), once, for every transport: the preload binds it
// to IPC and the web console client binds it to HTTP.
import type { AirlockApi, SendCall } from './api';

export function bindApi(send: SendCall): AirlockApi {
  return {
    app: {
      version: () => send('appVersion', undefined),
    },
  };
}
