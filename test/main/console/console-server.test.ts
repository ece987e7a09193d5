// The web console's access rules: the token, the Host header, the contract's
// schemas, and files only from the renderer folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { startConsole, type RunningConsole } from '../../../src/main/console/console-server';
import { createService } from '../../../src/main/core/service/index';
import { tempDir } from '../../helpers/tmp';

const root = tempDir();
const rendererDir = join(root, 'renderer');
mkdirSync(join(rendererDir, 'assets'), { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Airlock</title>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(root, 'secret.txt'), 'outside the renderer');

// A data folder of its own: the event stream starts the service's watch, which opens it.
const service = createService({ version: '9.9.9', dataDir: join(root, 'data'), env: {} });
let server: RunningConsole;
beforeAll(async () => {
  server = await startConsole({ handlers: service, rendererDir, port: 0 });
});
afterAll(async () => {
  await server.close();
  service.dispose();
});

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function call(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = (): Record<string, string> => ({ Authorization: `Bearer ${server.token}` });

describe('web console', () => {
  it('prints a loopback URL carrying the token in its fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a call with the token, through the engine', async () => {
    const r = await call('/api/call/appVersion', { method: 'POST', headers: auth(), body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ output: '9.9.9' });
  });

  it('refuses calls without the token or with a wrong one', async () => {
    expect((await call('/api/call/appVersion', { method: 'POST' })).status).toBe(401);
    const other = server.token.endsWith('A') ? 'B' : 'A';
    const wrong = { Authorization: `Bearer ${server.token.slice(0, -1)}${other}` };
    expect((await call('/api/call/appVersion', { method: 'POST', headers: wrong })).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding), even with the token', async () => {
    const r = await call('/api/call/appVersion', { method: 'POST', headers: { ...auth(), Host: `evil.example:${server.port}` } });
    expect(r.status).toBe(403);
  });

  it('refuses unknown calls, wrong methods and input that breaks the schema', async () => {
    expect((await call('/api/call/dropTables', { method: 'POST', headers: auth() })).status).toBe(404);
    expect((await call('/api/call/appVersion', { headers: auth() })).status).toBe(405);
    expect((await call('/api/call/appVersion', { method: 'POST', headers: auth(), body: '{"input": 5}' })).status).toBe(400);
    expect((await call('/api/call/appVersion', { method: 'POST', headers: auth(), body: '{not json' })).status).toBe(400);
  });

  it('streams events to a token holder only, each one a schema-checked JSON line', async () => {
    expect((await call('/api/events')).status).toBe(401);
    expect((await call('/api/events', { headers: { ...auth(), Host: `evil.example:${server.port}` } })).status).toBe(403);
    const received = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: auth() }, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
          // Once the stream is open, a change made through a call arrives on it.
          if (text.startsWith(': open') && !text.includes('data:'))
            void call('/api/call/settingsSet', { method: 'POST', headers: auth(), body: '{"input":{"probeIntervalMs":60000}}' });
          if (text.includes('"what":"settings"')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(received).toContain('data: {"type":"changed","what":"settings"}\n\n');
  });

  it('serves the renderer with the security headers, and nothing outside it', async () => {
    const page = await call('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Airlock</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await call('/assets/app.js')).headers['content-type']).toMatch(/javascript/);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt']) {
      const r = await call(path);
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('outside the renderer');
    }
  });
});
