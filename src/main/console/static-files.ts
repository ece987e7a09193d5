// Serving the built renderer (out/renderer) to a browser: only files inside
// that folder, with the same security headers the app:// protocol sends.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { statIfExists } from '../core/files/stat-if-exists';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** The file a URL path names inside `root`, or undefined when it would leave it or is not a file. */
export async function resolveStaticFile(root: string, urlPath: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^[/\\]+/, '');
  const file = join(root, relative);
  if (!file.startsWith(root + sep)) return undefined;
  const st = await statIfExists(file);
  return st?.isFile() ? file : undefined;
}

export async function readStaticFile(file: string): Promise<{ body: Buffer; type: string }> {
  return { body: await readFile(file), type: TYPES[extname(file)] ?? 'application/octet-stream' };
}
