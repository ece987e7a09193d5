#!/usr/bin/env node
// `npm run demo`: a whole site to try the app on, in one command. It makes a
// site with its signing key, a folder standing in for a USB stick (an offline
// cache and three bundles: one to import, one damaged after signing, one of
// new systems to deploy), and a fleet of 3 simulated hosts (real sshd, real
// Nix stores, see ../shared/spec/test-fleet.md), then starts the app on it:
// the desktop window where Electron runs, the web console elsewhere. Ctrl-C
// stops the fleet and removes the demo's folder (unless --keep).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tsImport } from 'tsx/esm/api';

const root = new URL('..', import.meta.url).pathname;
const keep = process.argv.includes('--keep');

/** What the simulated fleet needs from this machine, each with how to get it. */
function missing() {
  const has = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  const lacks = [];
  if (process.platform !== 'linux')
    lacks.push('Linux: the simulated hosts are Linux mount namespaces (run the demo on a Linux machine or VM)');
  else {
    if (process.getuid?.() !== 0) lacks.push('root: each simulated host gets its own mount namespace (run `sudo npm run demo`)');
    if (!has('nix-store', ['--version']))
      lacks.push('Nix: `apt-get install -y nix-bin` (Debian/Ubuntu), or see https://nixos.org/download');
    if (!existsSync('/usr/sbin/sshd')) lacks.push('an SSH server: `apt-get install -y openssh-server`');
    if (!has('unshare', ['--version'])) lacks.push('unshare (util-linux): `apt-get install -y util-linux`');
  }
  return lacks;
}

const lacks = missing();
if (lacks.length > 0) {
  console.error(`airlock demo: this machine cannot run the simulated fleet yet. It needs:\n${lacks.map((l) => `  - ${l}`).join('\n')}`);
  console.error('Without them, `npm start` still runs the app, whose set-up guide starts a site of your own.');
  process.exit(1);
}

console.error('airlock demo: building a site, a stick and a fleet of 3 hosts (real Nix and sshd; about a minute)…');
const { setUpDemoSite, SITE } = await tsImport('../test/e2e/demo-site.ts', import.meta.url);
const site = await setUpDemoSite({ probeIntervalMs: 10_000, deployBundle: 'stick' });
console.error(`
Site ${SITE} is ready:
  data folder        ${site.dataDir}
  the "stick"        ${site.stick} (offline cache in airlock/, bundles 1, 5 (damaged) and 6)
  hosts              ${site.fleet.hosts.map((h) => `${h.name} (${h.address}:${h.port})`).join(', ')}
Try: Media → import bundle 6, watch bundle 5 be refused; Deploy bundle 6; then a rollback or an incident.
The command line sees the same site: AIRLOCK_DATA_DIR=${site.dataDir} npx airlock host ls
`);

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (keep) {
    console.error(
      `airlock demo: kept ${site.work}; its hosts keep running (stop them with: AIRLOCK_FLEET_DIR=${site.fleetDir} npm run fleet -- down)`,
    );
  } else {
    console.error('airlock demo: stopping the fleet and removing the demo folder…');
    await site.stop();
  }
  process.exit(code);
}

const app = spawn(process.execPath, ['scripts/start.mjs'], { cwd: root, stdio: 'inherit', env: { ...process.env, ...site.env } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
app.on('exit', (code) => void stop(code ?? 0));
