// `airlock serve` as one call: the service over this data folder and cache,
// the web console in front of it, and one close() for both. The command line
// starts the console face through this and nothing else of main/.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from '../core/app-root';
import { packageVersion } from '../core/app-version';
import { Refusal } from '../core/refusal-error';
import { createService } from '../core/service/index';
import { startConsole, type RunningConsole } from './console-server';

export type { RunningConsole } from './console-server';

export interface ServeOptions {
  readonly dataDir?: string;
  readonly cacheRoot?: string;
  readonly port?: number;
  readonly listen?: string;
}

export async function serveConsole(options: ServeOptions): Promise<RunningConsole> {
  const rendererDir = join(appRoot(), 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Refusal(`the web console's pages are not built yet: run 'npm run build' first (npm start does it for you)`);
  }
  const service = createService({
    version: packageVersion(),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.cacheRoot ? { cacheRoot: options.cacheRoot } : {}),
  });
  const running = await startConsole({ handlers: service, rendererDir, port: options.port, listen: options.listen });
  return { ...running, close: () => running.close().then(() => service.dispose()) };
}
