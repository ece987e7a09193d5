// The version in package.json, for faces that run without Electron (CLI, web console).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRoot } from './app-root';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
