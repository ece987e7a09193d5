// `airlock check add|ls|rm`: health checks per host or per tag, run after every
// activation (deploy, switch, rollback). A failing check means the new system
// is not confirmed, and magic rollback restores the previous one.
import type { Command, CommandContext } from '../command';
import { UsageError } from '../cli-error';
import { optionalString, positional, positiveInteger } from '../options';
import { printJson, printLine } from '../output';
import { formatTable } from '../table';
import type { CheckScope, HealthCheckSpec, StoredHealthCheck } from '../../main/core/usecases/checks';
/** The use cases, imported when a command runs: `--help` loads none of the engine. */
const useCases = () => import('../../main/core/usecases/checks');

function scopeOf(ctx: CommandContext): CheckScope {
  const host = optionalString(ctx, 'host');
  const tag = optionalString(ctx, 'tag');
  if ((host === undefined) === (tag === undefined)) throw new UsageError('give either --host NAME or --tag TAG');
  return host === undefined ? { tag: tag as string } : { host };
}

function specOf(ctx: CommandContext): HealthCheckSpec {
  const command = optionalString(ctx, 'command');
  const port = optionalString(ctx, 'tcp-port');
  if ((command === undefined) === (port === undefined))
    throw new UsageError('give either --command CMD (run on the host) or --tcp-port N (reached from here)');
  const timeoutSeconds = positiveInteger(optionalString(ctx, 'timeout') ?? '30', '--timeout must be a whole number of seconds');
  if (port !== undefined) {
    const n = positiveInteger(port, '--tcp-port must be a port number');
    if (n > 65535) throw new UsageError(`--tcp-port must be 1..65535, not ${n}`);
    return { kind: 'tcp', port: n, timeoutSeconds };
  }
  const expect = optionalString(ctx, 'expect') ?? '0';
  if (!/^\d{1,3}$/.test(expect) || Number(expect) > 255) throw new UsageError(`--expect must be an exit status 0..255, not '${expect}'`);
  if ((command as string).trim() === '') throw new UsageError('--command must not be empty');
  return { kind: 'command', command: command as string, expectStatus: Number(expect), timeoutSeconds };
}

const describe = (c: StoredHealthCheck): string => (c.kind === 'tcp' ? `tcp port ${c.port}` : `${c.command}  (exit ${c.expectStatus})`);

const add: Command = {
  words: ['check', 'add'],
  usage: 'check add (--host NAME | --tag TAG) (--command CMD [--expect STATUS] | --tcp-port N) [--timeout SECONDS]',
  summary: 'add a health check, run after every activation; a failure rolls the host back',
  positionals: 0,
  options: {
    host: { type: 'string' },
    tag: { type: 'string' },
    command: { type: 'string' },
    expect: { type: 'string' },
    'tcp-port': { type: 'string' },
    timeout: { type: 'string' },
  },
  optionHelp: {
    host: { value: 'NAME', does: 'run the check after activations on this host' },
    tag: { value: 'TAG', does: 'run the check after activations on every host with this tag' },
    command: { value: 'CMD', does: 'a command run on the host over SSH' },
    expect: { value: 'STATUS', does: 'the exit status of --command that means healthy', default: '0' },
    'tcp-port': { value: 'N', does: 'healthy when this TCP port on the host accepts a connection from here' },
    timeout: { value: 'SECONDS', does: 'how long the check may take before it counts as failed', default: '30' },
  },
  async run(ctx) {
    const spec = specOf(ctx);
    const { addCheck } = await useCases();
    const check = addCheck(ctx.uc, scopeOf(ctx), spec);
    if (ctx.global.json) return printJson(ctx, check);
    printLine(ctx, `added health check ${check.id} for ${'host' in check ? check.host : `tag ${check.tag}`}: ${describe(check)}`);
  },
};

const ls: Command = {
  words: ['check', 'ls'],
  usage: 'check ls [--json]',
  summary: 'list the health checks, per host and per tag',
  positionals: 0,
  async run(ctx) {
    const { listChecks } = await useCases();
    const checks = listChecks(ctx.uc);
    if (ctx.global.json) return printJson(ctx, checks);
    const rows = checks.map((c) => [String(c.id), 'host' in c ? c.host : `tag:${c.tag}`, describe(c), `${c.timeoutSeconds}s`]);
    ctx.stdout.write(formatTable(['ID', 'FOR', 'CHECK', 'TIMEOUT'], rows));
  },
};

const rm: Command = {
  words: ['check', 'rm'],
  usage: 'check rm ID',
  summary: 'remove a health check',
  positionals: 1,
  async run(ctx) {
    const id = positiveInteger(positional(ctx, 0, 'ID'), 'ID must be a check number (see `airlock check ls`)');
    const { removeCheck } = await useCases();
    removeCheck(ctx.uc, id);
    printLine(ctx, `removed health check ${id}`);
  },
};

export const CHECK_COMMANDS: readonly Command[] = [add, ls, rm];
