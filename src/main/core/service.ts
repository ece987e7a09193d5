// The one implementation of the API: every face (Electron IPC, the web console,
// later the CLI's shared commands) calls these handlers and nothing else.
import type { ApiHandlers } from '../../shared/api';

export interface ServiceDeps {
  /** The app's version: Electron's app.getVersion() or package.json's. */
  readonly version: string;
}

export function createService(deps: ServiceDeps): ApiHandlers {
  return {
    appVersion: async () => deps.version,
  };
}
