// Serves the built renderer from app://airlock/ instead of file://, so the page
// has its own origin, CSP 'self' means exactly our files, and every response
// carries the security headers. Reads only below out/renderer.
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { contentTypeFor, resolveAppFile } from './app-files';
import { APP_SCHEME, appResponseHeaders, appSchemePrivileges } from './security-settings';

/** out/main/index.js → out/renderer/. Works unpacked and inside app.asar alike. */
export const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));

/** Must run before the app is ready: Chromium fixes scheme privileges at start-up. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...appSchemePrivileges } }]);
}

function plainResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...appResponseHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });
}

export async function serveAppRequest(request: Request, rootDir: string = rendererDir): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plainResponse(405, 'Method not allowed');
  const file = resolveAppFile(rootDir, request.url);
  if (file === null) return plainResponse(404, 'Not found');
  let body: Buffer;
  try {
    // Renderer files are small; a whole read keeps the handler simple and asar-aware.
    body = await readFile(file);
  } catch {
    return plainResponse(404, 'Not found');
  }
  const headers = { ...appResponseHeaders, 'Content-Type': contentTypeFor(file) };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}

/** Call once the app is ready; handles the default session, which our only window uses. */
export function handleAppProtocol(): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request));
}
