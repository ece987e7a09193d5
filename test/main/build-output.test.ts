// The Electron build's worker threads run on their own, as the packaged app
// runs them (no tsx, no sources): `npm test` builds before this suite runs.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildNarCorpus } from '../helpers/nar-corpus';
import { nix } from '../helpers/real-nix';

const built = resolve(import.meta.dirname, '../../out/main/nar-hash.worker.js');

describe('built worker threads', () => {
  it('out/main/nar-hash.worker.js hashes a store path as Nix does', async () => {
    expect(existsSync(built), `${built} is missing: run 'npm run build' (npm test does)`).toBe(true);
    const [tree] = buildNarCorpus();
    const worker = new Worker(built);
    const reply = await new Promise<{ type: string; result: { narHash: string } }>((res, rej) => {
      worker.once('message', res);
      worker.once('error', rej);
      worker.postMessage({ type: 'job', id: 0, input: { path: tree?.path } });
    });
    await worker.terminate();
    expect(reply.type).toBe('done');
    expect(reply.result.narHash).toBe(nix(['nix-store', '-q', '--hash', tree?.path as string]).trim());
  });
});
