#!/usr/bin/env node
// `npm start`: builds the app, then opens the desktop window where an Electron
// binary exists, and otherwise says why and serves the web console instead.
import { spawn, spawnSync } from 'node:child_process';
import { findElectronBinary } from './electron-binary.mjs';

const root = new URL('..', import.meta.url).pathname;
const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const electron = findElectronBinary();
const [cmd, args] = electron.path ? [electron.path, ['.']] : [process.execPath, ['bin/airlock.mjs', 'serve', ...process.argv.slice(2)]];
if (!electron.path) console.error(`${electron.reason}\nStarting the web console instead: open the URL below in a browser.\n`);
const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
