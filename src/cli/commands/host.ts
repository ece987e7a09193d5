// `airlock host …`: add a host (pinning its SSH key), list and remove hosts.
// Every field is validated before it reaches ssh; the engine does the rest.
import type { Command, CommandContext } from '../command';
import { UsageError } from '../cli-error';
import { optionalString, positional, requiredString } from '../options';
import { printJson, printLine } from '../output';
import { commandDataDir, openDataDatabase, openSiteDatabase, withDatabase } from '../site-context';
import { formatTable } from '../table';
import { listHosts, removeHost, type HostRecord } from '../../main/core/db/hosts';
import { addRemoteHost, type HostSpec, type KeyAcceptance } from '../../main/core/remote/add-host';
import { unpinHostKey } from '../../main/core/remote/known-hosts';
import { pinRemoteHost } from '../../main/core/remote/pin-host';
import { sshPaths } from '../../main/core/remote/ssh-args';
import { createSshTransport } from '../../main/core/remote/ssh-transport';
import {
  InvalidHostField,
  validateAddress,
  validateHostName,
  validateIdentityFile,
  validatePort,
  validateTag,
  validateUser,
} from '../../main/core/remote/validate';

/** A bad field is a usage error (exit 2), named as the option the operator typed. */
function checked<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof InvalidHostField) throw new UsageError(err.message);
    throw err;
  }
}

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

function keyAcceptance(ctx: CommandContext): KeyAcceptance {
  const fingerprint = optionalString(ctx, 'accept-host-key');
  const first = ctx.options['accept-new-host-key'] === true;
  if (fingerprint !== undefined && first) throw new UsageError('give either --accept-host-key or --accept-new-host-key, not both');
  if (first) return { kind: 'first-seen' };
  if (fingerprint === undefined) return { kind: 'none' };
  if (!FINGERPRINT.test(fingerprint)) throw new UsageError(`--accept-host-key ${JSON.stringify(fingerprint)} must be a fingerprint as ssh-keygen -lf prints it: SHA256:<43 characters>`);
  return { kind: 'fingerprint', fingerprint };
}

function hostSpec(ctx: CommandContext): HostSpec {
  const tags = (ctx.options.tag as string[] | undefined) ?? [];
  const identity = optionalString(ctx, 'identity');
  return checked(() => ({
    name: validateHostName(positional(ctx, 0, 'NAME')),
    address: validateAddress(requiredString(ctx, 'address')),
    port: validatePort(optionalString(ctx, 'port') ?? '22'),
    user: validateUser(optionalString(ctx, 'user') ?? 'root'),
    ...(identity === undefined ? {} : { identity: validateIdentityFile(identity) }),
    tags: [...new Set(tags.map(validateTag))],
  }));
}

const endpoint = (h: HostRecord): string => (h.address.includes(':') ? `[${h.address}]:${h.port}` : `${h.address}:${h.port}`);

const hostJson = (h: HostRecord): object => ({
  name: h.name,
  address: h.address,
  port: h.port,
  user: h.user,
  identity: h.identity ?? null,
  tags: h.tags,
  hostKey: { type: h.hostKey.type, fingerprint: h.hostKey.fingerprint },
  added: h.added,
});

export const hostAdd: Command = {
  words: ['host', 'add'],
  usage: 'host add NAME --address ADDR [--port N] [--user USER] [--identity FILE] [--tag TAG…] [--accept-host-key SHA256:… | --accept-new-host-key]',
  summary: "add a host: pin its SSH host key (confirmed by fingerprint) and check that login works",
  options: {
    address: { type: 'string' },
    port: { type: 'string' },
    user: { type: 'string' },
    identity: { type: 'string' },
    tag: { type: 'string', multiple: true },
    'accept-host-key': { type: 'string' },
    'accept-new-host-key': { type: 'boolean' },
  },
  optionHelp: {
    address: { value: 'ADDR', does: "the host's IP address or DNS name (required)" },
    port: { value: 'N', does: "the host's SSH port", default: '22' },
    user: { value: 'USER', does: 'the SSH user: root, or a user Nix trusts', default: 'root' },
    identity: { value: 'FILE', does: 'the SSH private key to log in with', default: "ssh's own choice" },
    tag: { value: 'TAG', does: 'a tag to choose the host by (deploy --tag, check add --tag)' },
    'accept-host-key': { value: 'SHA256:…', does: "pin the host key with this fingerprint, checked on the host's console" },
    'accept-new-host-key': { does: 'pin the first host key the host offers (trust on first use)' },
  },
  positionals: 1,
  async run(ctx) {
    const spec = hostSpec(ctx);
    const accept = keyAcceptance(ctx);
    const dataDir = commandDataDir(ctx);
    // A host belongs to a site: added to a data folder without one, it is most
    // likely a mistyped --data-dir, and nothing could be deployed to it anyway.
    await withDatabase(openSiteDatabase(ctx), async (db) => {
      const host = await addRemoteHost({ db, dataDir, transport: createSshTransport(dataDir) }, spec, accept);
      if (ctx.global.json) return printJson(ctx, hostJson(host));
      printLine(ctx, `added ${host.name} (${host.user}@${endpoint(host)}), host key ${host.hostKey.type} ${host.hostKey.fingerprint} pinned`);
    });
  },
};

export const hostLs: Command = {
  words: ['host', 'ls'],
  usage: 'host ls [--json]',
  summary: 'the hosts added, with their pinned host key fingerprints',
  positionals: 0,
  async run(ctx) {
    await withDatabase(openSiteDatabase(ctx), (db) => {
      const hosts = listHosts(db);
      if (ctx.global.json) return printJson(ctx, hosts.map(hostJson));
      const rows = hosts.map((h) => [h.name, endpoint(h), h.user, h.tags.join(',') || '-', h.hostKey.fingerprint]);
      ctx.stdout.write(formatTable(['NAME', 'ADDRESS', 'USER', 'TAGS', 'FINGERPRINT'], rows));
    });
  },
};

export const hostRm: Command = {
  words: ['host', 'rm'],
  usage: 'host rm NAME',
  summary: 'forget a host and its pinned host key',
  positionals: 1,
  async run(ctx) {
    const name = checked(() => validateHostName(positional(ctx, 0, 'NAME')));
    const dataDir = commandDataDir(ctx);
    await withDatabase(openDataDatabase(ctx), async (db) => {
      const host = removeHost(db, name);
      // The shared connection would otherwise outlive the pin for up to ControlPersist.
      await createSshTransport(dataDir).closeMaster(host);
      unpinHostKey(sshPaths(dataDir), name);
      printLine(ctx, `removed ${name}; its pinned host key ${host.hostKey.fingerprint} is forgotten`);
    });
  },
};

export const hostPin: Command = {
  words: ['host', 'pin'],
  usage: 'host pin NAME --accept-host-key SHA256:…',
  summary: "pin a host's new SSH host key after a reinstall (the fingerprint checked on its console)",
  options: { 'accept-host-key': { type: 'string' } },
  optionHelp: { 'accept-host-key': { value: 'SHA256:…', does: "the new key's fingerprint, checked on the host's console (required)" } },
  positionals: 1,
  async run(ctx) {
    const name = checked(() => validateHostName(positional(ctx, 0, 'NAME')));
    const accept = keyAcceptance(ctx);
    if (accept.kind !== 'fingerprint') throw new UsageError('--accept-host-key SHA256:… is required: a changed key is pinned only by its fingerprint');
    const dataDir = commandDataDir(ctx);
    await withDatabase(openDataDatabase(ctx), async (db) => {
      const host = await pinRemoteHost({ db, dataDir, transport: createSshTransport(dataDir) }, name, accept.fingerprint);
      printLine(ctx, `pinned ${host.hostKey.type} ${host.hostKey.fingerprint} for ${name}`);
    });
  },
};

export const HOST_COMMANDS: readonly Command[] = [hostAdd, hostLs, hostPin, hostRm];
