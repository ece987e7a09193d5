#!/usr/bin/env node
// The `airlock` command under plain Node.js: no Electron, no build step.
// tsx compiles the TypeScript sources on first use and caches the result.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
