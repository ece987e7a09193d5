// `airlock host …`: add a host (pinning its SSH key), list, edit and remove hosts.
// Every field is validated before it reaches ssh; the engine does the rest.
import type { Command, CommandContext } from '../command';
import { UsageError } from '../cli-error';
import { optionalString, positional, requiredString } from '../options';
import { printJson, printLine } from '../output';
import { formatTable } from '../table';
import type { HostEdit } from '../../main/core/usecases/host-edit';
import type { HostInput, HostRecord, KeyAcceptance } from '../../main/core/usecases/hosts';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/hosts');
const editUseCases = () => import('../../main/core/usecases/host-edit');

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

function keyAcceptance(ctx: CommandContext): KeyAcceptance {
  const fingerprint = optionalString(ctx, 'accept-host-key');
  const first = ctx.options['accept-new-host-key'] === true;
  if (fingerprint !== undefined && first) throw new UsageError('give either --accept-host-key or --accept-new-host-key, not both');
  if (first) return { kind: 'first-seen' };
  if (fingerprint === undefined) return { kind: 'none' };
  if (!FINGERPRINT.test(fingerprint))
    throw new UsageError(
      `--accept-host-key ${JSON.stringify(fingerprint)} must be a fingerprint as ssh-keygen -lf prints it: SHA256:<43 characters>`,
    );
  return { kind: 'fingerprint', fingerprint };
}

function hostInput(ctx: CommandContext): HostInput {
  const identity = optionalString(ctx, 'identity');
  return {
    name: positional(ctx, 0, 'NAME'),
    address: requiredString(ctx, 'address'),
    port: optionalString(ctx, 'port') ?? '22',
    user: optionalString(ctx, 'user') ?? 'root',
    ...(identity === undefined ? {} : { identity }),
    tags: (ctx.options.tag as string[] | undefined) ?? [],
  };
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
  usage:
    'host add NAME --address ADDR [--port N] [--user USER] [--identity FILE] [--tag TAG…] [--accept-host-key SHA256:… | --accept-new-host-key]',
  summary: 'add a host: pin its SSH host key (confirmed by fingerprint) and check that login works',
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
    const input = hostInput(ctx);
    const accept = keyAcceptance(ctx);
    const { addHost } = await useCases();
    const host = await addHost(ctx.uc, input, accept);
    if (ctx.global.json) return printJson(ctx, hostJson(host));
    printLine(ctx, `added ${host.name} (${host.user}@${endpoint(host)}), host key ${host.hostKey.type} ${host.hostKey.fingerprint} pinned`);
    printLine(
      ctx,
      host.adoptedGeneration === null
        ? `${host.name} was not probed healthy, so no generation was adopted as known good (see \`airlock audit ls\`)`
        : `adopted generation ${host.adoptedGeneration} (running now) as known good for incidents`,
    );
  },
};

export const hostLs: Command = {
  words: ['host', 'ls'],
  usage: 'host ls [--json]',
  summary: 'the hosts added, with their pinned host key fingerprints',
  positionals: 0,
  async run(ctx) {
    const { listHosts } = await useCases();
    const hosts = listHosts(ctx.uc);
    if (ctx.global.json) return printJson(ctx, hosts.map(hostJson));
    const rows = hosts.map((h) => [h.name, endpoint(h), h.user, h.tags.join(',') || '-', h.hostKey.fingerprint]);
    ctx.stdout.write(formatTable(['NAME', 'ADDRESS', 'USER', 'TAGS', 'FINGERPRINT'], rows));
  },
};

function hostEdit(ctx: CommandContext): HostEdit {
  const tags = ctx.options.tag as string[] | undefined;
  const noTags = ctx.options['no-tags'] === true;
  if (tags !== undefined && noTags) throw new UsageError('give either --tag or --no-tags, not both');
  const address = optionalString(ctx, 'address');
  const port = optionalString(ctx, 'port');
  const user = optionalString(ctx, 'user');
  const edit: HostEdit = {
    ...(address === undefined ? {} : { address }),
    ...(port === undefined ? {} : { port }),
    ...(user === undefined ? {} : { user }),
    ...(noTags ? { tags: [] } : tags === undefined ? {} : { tags }),
  };
  if (Object.keys(edit).length === 0) throw new UsageError('nothing to change: give --address, --port, --user, --tag or --no-tags');
  return edit;
}

const login = (h: HostRecord): string => `${h.user}@${endpoint(h)} tags ${h.tags.join(',') || '-'}`;

export const hostSet: Command = {
  words: ['host', 'set'],
  usage: 'host set NAME [--address ADDR] [--port N] [--user USER] [--tag TAG… | --no-tags] [--json]',
  summary:
    "change a host's address, port, user or tags; its pinned host key stays, is checked at the next connection, and a different key is refused (see host pin)",
  options: {
    address: { type: 'string' },
    port: { type: 'string' },
    user: { type: 'string' },
    tag: { type: 'string', multiple: true },
    'no-tags': { type: 'boolean' },
  },
  optionHelp: {
    address: { value: 'ADDR', does: "the host's new IP address or DNS name (the pinned host key stays)", default: 'unchanged' },
    port: { value: 'N', does: "the host's new SSH port", default: 'unchanged' },
    user: { value: 'USER', does: 'the new SSH user: root, or a user Nix trusts', default: 'unchanged' },
    tag: { value: 'TAG', does: "the host's tags from now on, replacing the old ones (repeat for several)", default: 'unchanged' },
    'no-tags': { does: 'take all tags off the host' },
  },
  positionals: 1,
  async run(ctx) {
    const name = positional(ctx, 0, 'NAME');
    const edit = hostEdit(ctx);
    const { setHost } = await editUseCases();
    const { before, after } = await setHost(ctx.uc, name, edit);
    if (ctx.global.json) return printJson(ctx, { before: hostJson(before), after: hostJson(after) });
    printLine(ctx, `changed ${after.name}: ${login(before)} → ${login(after)}`);
    printLine(
      ctx,
      `its pinned host key ${after.hostKey.fingerprint} stays: the next connection checks it, and refuses a different key (\`airlock host pin\` after a reinstall)`,
    );
  },
};

export const hostRm: Command = {
  words: ['host', 'rm'],
  usage: 'host rm NAME',
  summary: 'forget a host and its pinned host key',
  positionals: 1,
  async run(ctx) {
    const { removeHost } = await useCases();
    const host = await removeHost(ctx.uc, positional(ctx, 0, 'NAME'));
    printLine(ctx, `removed ${host.name}; its pinned host key ${host.hostKey.fingerprint} is forgotten`);
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
    const accept = keyAcceptance(ctx);
    if (accept.kind !== 'fingerprint')
      throw new UsageError('--accept-host-key SHA256:… is required: a changed key is pinned only by its fingerprint');
    const { pinHost } = await useCases();
    const host = await pinHost(ctx.uc, positional(ctx, 0, 'NAME'), accept.fingerprint);
    printLine(ctx, `pinned ${host.hostKey.type} ${host.hostKey.fingerprint} for ${host.name}`);
  },
};

export const HOST_COMMANDS: readonly Command[] = [hostAdd, hostLs, hostPin, hostRm, hostSet];
