// Maps an app:// request to a file under the built renderer folder. Pure Node
// (no Electron), so the path-containment rule is testable on its own.
import { extname, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './security-settings';

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/**
 * The file behind `url`, or null when the URL is not ours or would escape
 * `rootDir` (`..`, encoded `%2e%2e`, backslashes, NUL). `/` serves index.html.
 */
export function resolveAppFile(rootDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = resolve(rootDir);
  const file = resolve(root, relative);
  // resolve() has already folded any `..`; what is left must still sit under root.
  return file.startsWith(root + sep) ? file : null;
}

/** Unknown extensions get a type browsers will not execute or render. */
export function contentTypeFor(file: string): string {
  return contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
}
