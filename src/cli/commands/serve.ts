// `airlock serve`: the web console for a headless deploy station (cli.md).
import type { Command } from '../command';
import { optionalString } from '../options';
import { UsageError } from '../cli-error';
import { serveBanner } from '../serve-banner';

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not '${text}'`);
  return port;
}

export const serve: Command = {
  words: ['serve'],
  usage: 'serve [--port N] [--listen 127.0.0.1]',
  summary: 'serve the app to a browser; prints the URL to open (with a one-time token) first',
  options: { port: { type: 'string' }, listen: { type: 'string' } },
  optionHelp: {
    port: { value: 'N', does: 'the TCP port to listen on', default: 'a free port' },
    listen: { value: 'ADDR', does: 'the address to listen on', default: '127.0.0.1' },
  },
  positionals: 0,
  async run(ctx) {
    // Imported only now: the console server (and the engine under it) is no part of `--help`.
    const { serveConsole } = await import('../../main/console/serve-console');
    const running = await serveConsole({
      dataDir: ctx.uc.dataDir,
      ...(ctx.global.cache ? { cacheRoot: ctx.global.cache } : {}),
      port: parsePort(optionalString(ctx, 'port')),
      listen: optionalString(ctx, 'listen'),
    });
    const banner = serveBanner(running);
    ctx.stdout.write(banner.stdout);
    ctx.stderr.write(banner.stderr);
    await new Promise<void>((resolve) => {
      const stop = (): void => void running.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
