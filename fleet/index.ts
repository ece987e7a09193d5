// `npm run fleet -- up N | down | reboot NAME | status | ssh NAME [CMD…]`:
// the test fleet of test-fleet.md. Argument parsing and printing only; the
// work is in fleet.ts. State lives in AIRLOCK_FLEET_DIR (default /tmp/airlock-fleet).
import { fleetHost, loadFleet, rebootHost, runOnHost, startFleet, stopFleet } from './fleet';
import { fleetDirFromEnv } from './paths';
import { sshOptions } from './ssh';
import { formatStatus } from './status';

const USAGE = `usage: npm run fleet -- <command>
  up N [VERSION] [--rate 50mbit] [--systemd | --nix-only]
                    start N simulated hosts (default base system 24.05.1);
                    --rate puts each behind its own slow site link (netns, veth, tbf);
                    --systemd boots a real systemd in each (systemd-nspawn), sshd as a unit;
                    --nix-only makes hosts that are not NixOS: Nix and sshd only, user epics
  down              stop every process the fleet started
  reboot NAME       reboot one host into what its system profile points at
  status            hosts, ports, current/booted/profile generation
  ssh NAME CMD…     run a command on a host over real ssh
  ssh-args NAME     print the ssh options that reach a host
state: AIRLOCK_FLEET_DIR (default /tmp/airlock-fleet)`;

async function main(argv: readonly string[]): Promise<number> {
  const dir = fleetDirFromEnv();
  const [command, ...args] = argv;
  switch (command) {
    case 'up': {
      const rateAt = args.indexOf('--rate');
      const rate = rateAt >= 0 ? args[rateAt + 1] : undefined;
      if (rateAt >= 0 && !rate) break;
      const systemd = args.includes('--systemd');
      const nixOnly = args.includes('--nix-only');
      const rest = args.filter((a, i) => a !== '--systemd' && a !== '--nix-only' && (rateAt < 0 || (i !== rateAt && i !== rateAt + 1)));
      const [count, version] = rest;
      const state = await startFleet(Number(count ?? '3'), { dir, version, systemd, nixOnly, ...(rate ? { link: { rate } } : {}) });
      console.log(formatStatus(state));
      return 0;
    }
    case 'down': {
      const pids = await stopFleet(dir);
      console.log(pids.length ? `stopped ${pids.length} processes: ${pids.join(' ')}` : `no fleet was up in ${dir}`);
      return 0;
    }
    case 'reboot': {
      if (!args[0]) break;
      const host = await rebootHost(dir, args[0]);
      console.log(`${host.name} rebooted; sshd pid ${host.sshdPid} on ${host.address}:${host.port}`);
      console.log(formatStatus(loadFleet(dir)));
      return 0;
    }
    case 'status':
      console.log(formatStatus(loadFleet(dir)));
      return 0;
    case 'ssh': {
      if (!args[0] || args.length < 2) break;
      const result = await runOnHost(fleetHost(loadFleet(dir), args[0]), args.slice(1), { check: false });
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      return result.code ?? 1;
    }
    case 'ssh-args': {
      if (!args[0]) break;
      const host = fleetHost(loadFleet(dir), args[0]);
      console.log(['ssh', ...sshOptions(host), `root@${host.address}`].join(' '));
      return 0;
    }
    default:
      break;
  }
  console.error(USAGE);
  return 2;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  console.error(`fleet: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
