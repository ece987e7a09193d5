// How the web console answers a call that fails: a refusal of the operator's
// input or of the site's rules is a 4xx carrying { code, message, details } in
// the very words the CLI prints; a busy cache is 409; a crash is a 500 with
// generic words, its details only in the server's log.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { startConsole, type RunningConsole } from '../../../src/main/console/console-server';
import { createService } from '../../../src/main/core/service/index';
import { initCache } from '../../../src/main/core/cache/init-cache';
import { LOCK_FILE } from '../../../src/main/core/cache/cache-lock';
import { airlock } from '../../helpers/run-cli';
import { formatPublicKey } from '../../../src/main/core/nix/signing';
import { keyPair } from '../../helpers/site-db';
import { tempDir } from '../../helpers/tmp';

const root = tempDir();
const rendererDir = join(root, 'renderer');
mkdirSync(rendererDir, { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Airlock</title>');
const dataDir = join(root, 'data');
const emptyDataDir = join(root, 'empty');
const cacheRoot = join(root, 'stick', 'airlock');

const service = createService({ version: '9.9.9', dataDir, cacheRoot, env: {} });
const noSite = createService({ version: '9.9.9', dataDir: emptyDataDir, env: {} });
// The one fake: an engine whose handler has a bug, at the edge the server cannot tell from a real one.
const crashing = { ...service, appVersion: () => Promise.reject(new Error('secret detail: /root/.ssh/id_ed25519 exploded')) };
let consoles: RunningConsole[] = [];

beforeAll(async () => {
  const key = join(root, 'build-1.pub');
  writeFileSync(key, `${formatPublicKey(keyPair('build-1').publicKey)}\n`);
  expect(airlock(['site', 'init', '--name', 'accel-ctl', '--trust', key, '--data-dir', dataDir]).status).toBe(0);
  mkdirSync(join(root, 'stick'));
  await initCache(cacheRoot);
  consoles = await Promise.all([service, noSite, crashing].map((handlers) => startConsole({ handlers, rendererDir, port: 0 })));
});
afterAll(async () => {
  await Promise.all(consoles.map((c) => c.close()));
  service.dispose();
  noSite.dispose();
});

function callOn(
  server: RunningConsole,
  name: string,
  input?: unknown,
): Promise<{ status: number; body: { error?: { code: string; message: string; details?: unknown } } }> {
  return new Promise((resolve, reject) => {
    const headers = { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' };
    const req = request({ host: '127.0.0.1', port: server.port, path: `/api/call/${name}`, method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ input }));
  });
}

describe('web console errors', () => {
  it('refuses a threshold of 0 with 422 and the words the CLI prints', async () => {
    const cli = airlock(['site', 'threshold', '0', '--data-dir', dataDir]);
    expect(cli.status).toBe(1);
    const words = cli.stderr.replace(/^airlock: /, '').trim();
    expect(words).toMatch(/the threshold must be a whole number from 1 to 1/);
    const r = await callOn(consoles[0]!, 'trustThreshold', { threshold: 0 });
    expect(r.status).toBe(422);
    expect(r.body.error).toEqual({ code: 'refused', message: words });
  });

  it('says there is no site yet with 409 no-site', async () => {
    const r = await callOn(consoles[1]!, 'trustThreshold', { threshold: 1 });
    expect(r.status).toBe(409);
    expect(r.body.error?.code).toBe('no-site');
    expect(r.body.error?.message).toMatch(/no site has been set up/);
  });

  it('refuses input that breaks the schema with 400 bad-input, naming the field', async () => {
    const r = await callOn(consoles[0]!, 'trustThreshold', { threshold: 'two' });
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('bad-input');
    expect(r.body.error?.message).toMatch(/invalid input for trustThreshold: .*threshold/);
  });

  it('answers 409 busy for a cache another process holds', async () => {
    const lock = join(cacheRoot, LOCK_FILE);
    writeFileSync(
      lock,
      JSON.stringify({ pid: process.pid, host: hostname(), operation: 'import of /media/x', since: '2026-12-05T10:00:00Z' }),
    );
    const r = await callOn(consoles[0]!, 'cacheGc', { keep: 1 });
    expect(r.status).toBe(409);
    expect(r.body.error?.code).toBe('busy');
    expect(r.body.error?.message).toMatch(/is busy: import of \/media\/x/);
  });

  it('answers a crash with 500 and generic words; the details go to the log only', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const r = await callOn(consoles[2]!, 'appVersion');
      expect(r.status).toBe(500);
      expect(r.body.error?.code).toBe('internal');
      expect(JSON.stringify(r.body)).not.toContain('secret detail');
      expect(String(logged.mock.calls.flat().map((a) => (a instanceof Error ? a.message : a)))).toContain('secret detail');
    } finally {
      logged.mockRestore();
    }
  });
});
