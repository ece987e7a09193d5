// The offline cache as a Nix binary cache over HTTP, on the laptop's loopback
// only. A host reaches it through an SSH remote forward and its own Nix
// substitutes from it: compressed NARs cross the link, and the host checks the
// site's signatures itself. Each push gets a scope: a random URL prefix that
// serves the narinfos and NARs of that one host's closure and nothing else, so
// a host is only ever sent the system the bundle names for it, and nobody else
// on the host who finds the forwarded port can read the rest of the cache.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CachedPath } from '../../cache/cached-paths';
import { narinfoPath, type CacheLayout } from '../../cache/cache-layout';

// Priority 10 beats cache.nixos.org (40) should the host also list it.
const CACHE_INFO = 'StoreDir: /nix/store\nWantMassQuery: 1\nPriority: 10\n';

export interface ScopeStats {
  /** NAR bytes handed to the socket so far (compressed, as they lie in the cache). */
  readonly bytes: number;
  /** NARs sent whole. */
  readonly nars: number;
}

export interface CacheScope {
  /** `http://127.0.0.1:PORT/<token>` as the laptop sees it; `path` is the part after the port. */
  readonly path: string;
  stats(): ScopeStats;
  close(): void;
}

export interface CacheHttpServer {
  readonly port: number;
  /** Serves `paths` (one host's closure) under a new random prefix until closed. */
  openScope(paths: readonly CachedPath[], onSent?: (stats: ScopeStats) => void): CacheScope;
  close(): Promise<void>;
}

interface Scope {
  readonly byHashPart: ReadonlyMap<string, CachedPath>;
  readonly byUrl: ReadonlyMap<string, CachedPath>;
  readonly stats: { bytes: number; nars: number };
  readonly onSent?: (stats: ScopeStats) => void;
}

export async function startCacheHttpServer(layout: CacheLayout): Promise<CacheHttpServer> {
  const scopes = new Map<string, Scope>();
  const server = createServer((req, res) => {
    serve(layout, scopes, req, res).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500).end(err.message);
      else res.destroy(err);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    openScope(paths, onSent) {
      const token = randomBytes(16).toString('hex');
      const scope: Scope = {
        byHashPart: new Map(paths.map((p) => [p.narinfo.storePath.hashPart, p])),
        byUrl: new Map(paths.map((p) => [p.narinfo.url, p])),
        stats: { bytes: 0, nars: 0 },
        ...(onSent ? { onSent } : {}),
      };
      scopes.set(token, scope);
      return { path: `/${token}`, stats: () => ({ ...scope.stats }), close: () => void scopes.delete(token) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(layout: CacheLayout, scopes: ReadonlyMap<string, Scope>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const match = /^\/([0-9a-f]{32})\/(.+)$/.exec(req.url ?? '');
  const scope = match && scopes.get(match[1] as string);
  if (!match || !scope || (req.method !== 'GET' && req.method !== 'HEAD')) return void res.writeHead(404).end();
  const rest = match[2] as string;
  if (rest === 'nix-cache-info') return send(res, req, 'text/x-nix-cache-info', Buffer.from(CACHE_INFO));
  const narinfo = /^([0-9a-df-np-sv-z]{32})\.narinfo$/.exec(rest);
  if (narinfo) {
    const path = scope.byHashPart.get(narinfo[1] as string);
    if (!path) return void res.writeHead(404).end();
    return send(res, req, 'text/x-nix-narinfo', await readFile(narinfoPath(layout, path.narinfo.storePath.hashPart)));
  }
  const nar = scope.byUrl.get(rest);
  if (!nar) return void res.writeHead(404).end();
  const { size } = await stat(nar.narFile);
  res.writeHead(200, { 'content-type': 'application/x-nix-nar', 'content-length': size });
  if (req.method === 'HEAD') return void res.end();
  const stream = createReadStream(nar.narFile, { highWaterMark: 1 << 20 });
  let read = 0;
  stream.on('data', (chunk) => {
    read += chunk.length;
    scope.stats.bytes += chunk.length;
    // Whole once every byte is handed over: the client may close the connection
    // right after the last byte, before the file stream would say 'end'.
    if (read === size) scope.stats.nars += 1;
    scope.onSent?.({ ...scope.stats });
  });
  stream.on('error', (err) => res.destroy(err));
  stream.pipe(res);
}

function send(res: ServerResponse, req: IncomingMessage, type: string, body: Buffer): void {
  res.writeHead(200, { 'content-type': type, 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}
