// The web console: the same renderer and the same API contract as the desktop
// app, over loopback HTTP, for a headless deploy station and browser tests.
//
// Access: the page's files are public code and are served to anyone who can
// reach the port, but every API request must carry the one-time token (which
// the printed URL passes to the page in its #fragment, never sent in a request
// line or logged), and must name our own address in its Host header, which
// defeats DNS-rebinding pages in the operator's browser.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { apiCalls, type AirlockService, type ApiCallName } from '../../shared/api';
import { HTTP_STATUS, type ApiErrorBody } from '../../shared/api-error';
import { apiErrorOf } from '../core/refusal-error';
import { invalidInput } from '../core/invalid-input';
import { appResponseHeaders } from '../security-settings';
import { consoleUrl, isLoopback, reachableHosts } from './console-urls';
import { streamEvents } from './event-stream';
import { readStaticFile, resolveStaticFile } from './static-files';

const MAX_BODY = 1 << 20;

export interface ConsoleOptions {
  /** The engine: its call handlers and the events streamed at /api/events. */
  readonly handlers: AirlockService;
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  readonly port?: number;
  readonly listen?: string;
}

export interface RunningConsole {
  /** The URL to open, with the token: http://127.0.0.1:PORT/#token=… */
  readonly url: string;
  /** Every URL that reaches the console (url first): one per address of this machine when it listens on a wildcard. */
  readonly urls: readonly string[];
  /** Listening beyond loopback: other machines can reach it, over plain HTTP. */
  readonly exposed: boolean;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...appResponseHeaders, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** Every error answer has the one shape of the contract (src/shared/api-error.ts). */
function sendError(res: ServerResponse, error: ApiErrorBody, status = HTTP_STATUS[error.code]): void {
  send(res, status, { error });
}

/** The words of a refusal as they are; a crash as generic words, its stack in the server's log only. */
function sendFailure(res: ServerResponse, name: string, err: unknown): void {
  const error = apiErrorOf(err);
  if (error.code === 'internal') console.error(`airlock serve: ${name} failed:`, err);
  sendError(res, error);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isCallName(name: string): name is ApiCallName {
  return Object.hasOwn(apiCalls, name);
}

export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const token = randomBytes(24).toString('base64url');
  const expected = Buffer.from(`Bearer ${token}`);
  const listen = options.listen ?? '127.0.0.1';
  // Undefined when listening beyond loopback: then the operator reaches us by
  // whatever name the network gives, and the token alone guards the API.
  let allowedHosts: ReadonlySet<string> | undefined;

  const tokenOk = (req: IncomingMessage): boolean => {
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  /** The Host header and the token, checked the same way for calls and the event stream. */
  function refused(req: IncomingMessage, res: ServerResponse): boolean {
    if (allowedHosts && !allowedHosts.has(req.headers.host ?? '')) {
      sendError(res, { code: 'bad-input', message: 'wrong Host header' }, 403);
      return true;
    }
    if (!tokenOk(req)) {
      sendError(res, { code: 'bad-input', message: 'missing or wrong token: open the URL that airlock serve printed' }, 401);
      return true;
    }
    return false;
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    if (refused(req, res)) return;
    if (req.method !== 'GET') return sendError(res, { code: 'bad-input', message: 'the event stream is GET' }, 405);
    streamEvents(options.handlers.events, req, res);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (refused(req, res)) return;
    if (req.method !== 'POST') return sendError(res, { code: 'bad-input', message: 'API calls are POST' }, 405);
    if (!isCallName(name)) return sendError(res, { code: 'bad-input', message: `no call named ${name}` }, 404);
    const contract = apiCalls[name];
    let input: unknown;
    try {
      const text = await readBody(req);
      input = text === '' ? undefined : (JSON.parse(text) as { input?: unknown }).input;
    } catch (err) {
      return sendError(res, { code: 'bad-input', message: `unreadable request: ${(err as Error).message}` });
    }
    const parsed = contract.input.safeParse(input);
    if (!parsed.success) return sendError(res, invalidInput(name, parsed.error));
    try {
      const handler = options.handlers[name] as (i: unknown) => Promise<unknown>;
      return send(res, 200, { output: contract.output.parse(await handler(parsed.data)) });
    } catch (err) {
      return sendFailure(res, name, err);
    }
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/api/events') return handleEvents(req, res);
    const api = /^\/api\/call\/([A-Za-z]+)$/.exec(path);
    if (api) {
      void handleApi(req, res, api[1] as string);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, { code: 'bad-input', message: 'method not allowed' }, 405);
    void resolveStaticFile(options.rendererDir, path).then(async (file) => {
      if (!file) return sendError(res, { code: 'bad-input', message: 'not found' }, 404);
      const { body, type } = await readStaticFile(file);
      res.writeHead(200, { ...appResponseHeaders, 'Content-Type': type });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listen, () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  const hostName = listen.includes(':') ? `[${listen}]` : listen;
  const exposed = !isLoopback(listen);
  if (!exposed) allowedHosts = new Set([`${hostName}:${port}`, `localhost:${port}`]);
  const urls = reachableHosts(listen).map((host) => consoleUrl(host, port, token));
  return {
    url: urls[0] as string,
    urls,
    exposed,
    port,
    token,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
