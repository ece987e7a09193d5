// `airlock serve --listen` beyond loopback: the URLs it prints name this
// machine's addresses (another machine cannot open http://0.0.0.0:…), each one
// answers with the token, and the operator is warned that it is exposed.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { startConsole, type RunningConsole } from '../../../src/main/console/console-server';
import { createService } from '../../../src/main/core/service/index';
import { serveBanner } from '../../../src/cli/serve-banner';
import { tempDir } from '../../helpers/tmp';

const root = tempDir();
const rendererDir = join(root, 'renderer');
mkdirSync(rendererDir, { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Airlock</title>');
const service = createService({ version: '9.9.9', dataDir: join(root, 'data'), env: {} });
const running: RunningConsole[] = [];
afterAll(async () => {
  await Promise.all(running.map((c) => c.close()));
  service.dispose();
});

const ownIPv4 = Object.values(networkInterfaces())
  .flatMap((l) => l ?? [])
  .filter((a) => a.family === 'IPv4' && !a.internal)
  .map((a) => a.address);

/** Calls appVersion at the URL's host and port with the token in its fragment, as the page would. */
function openUrl(url: string): Promise<number> {
  const u = new URL(url);
  const token = /token=([\w-]+)/.exec(u.hash)?.[1] ?? '';
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname.replace(/^\[|\]$/g, ''),
        port: u.port,
        path: '/api/call/appVersion',
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('serve --listen beyond loopback', () => {
  it('prints a URL per address of this machine, each opening the console; never the wildcard', async () => {
    expect(ownIPv4.length, 'this test needs a non-loopback IPv4 address').toBeGreaterThan(0);
    const c = await startConsole({ handlers: service, rendererDir, port: 0, listen: '0.0.0.0' });
    running.push(c);
    expect(c.exposed).toBe(true);
    expect(c.url).toBe(c.urls[0]);
    expect(c.urls.join(' ')).not.toContain('0.0.0.0');
    expect(c.urls.map((u) => new URL(u).hostname).sort()).toEqual([...ownIPv4].sort());
    for (const url of c.urls) {
      expect(url).toMatch(new RegExp(`^http://[\\d.]+:${c.port}/#token=${c.token}$`));
      expect(await openUrl(url), url).toBe(200);
    }
    const banner = serveBanner(c);
    expect(banner.stdout.split('\n')[0]).toBe(c.urls[0]);
    expect(banner.stdout.trim().split('\n')).toEqual(c.urls);
    expect(banner.stderr).toMatch(/warning: .*beyond loopback, over plain HTTP/);
    expect(banner.stderr).toMatch(/anyone who gets the URL with its token .* can operate the site/);
  });

  it('stays quiet and prints the one loopback URL by default', async () => {
    const c = await startConsole({ handlers: service, rendererDir, port: 0 });
    running.push(c);
    expect(c.exposed).toBe(false);
    expect(c.urls).toEqual([`http://127.0.0.1:${c.port}/#token=${c.token}`]);
    const banner = serveBanner(c);
    expect(banner.stdout).toBe(`${c.url}\n`);
    expect(banner.stderr).not.toMatch(/warning/);
  });
});
