// The web console in a process of its own, as `airlock serve` runs it (the same
// createService and startConsole), but with a stub renderer folder so no
// `npm run build` is needed: for tests that must see whether the console
// process survives something. Prints the URL first, like `airlock serve`.
// Run: node --import tsx test/helpers/console-process.ts DATA_DIR RENDERER_DIR
import { startConsole } from '../../src/main/console/console-server';
import { createService } from '../../src/main/core/service/index';

const [dataDir, rendererDir] = process.argv.slice(2);
if (!dataDir || !rendererDir) throw new Error('usage: console-process.ts DATA_DIR RENDERER_DIR');
const service = createService({ version: '0.0.0-test', dataDir });
const running = await startConsole({ handlers: service, rendererDir, port: 0 });
process.stdout.write(`${running.url}\n`);
process.once('SIGTERM', () => void running.close().then(() => (service.dispose(), process.exit(0))));
