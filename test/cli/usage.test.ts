// The command line's own words: --version, "did you mean" for a mistyped
// command or option (exit 2, naming only the unknown word), and --help for one
// command with every option, what it does and its default.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';
import { COMMANDS } from '../../src/cli/commands';

const DATA = { AIRLOCK_DATA_DIR: join(tempDir(), 'data') };
const run = (...args: string[]) => airlock(args, DATA);
const version = (JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;

describe('airlock --version', () => {
  it('prints the version, as -V too', () => {
    for (const flag of ['--version', '-V']) {
      const r = run(flag);
      expect([r.status, r.text, r.stderr], flag).toEqual([0, `airlock ${version}\n`, '']);
    }
  });
});

describe('a mistyped command or option', () => {
  it.each([
    [['depoly', 'plc1', '--all'], "airlock: unknown command 'depoly'; did you mean 'deploy'?\n"],
    [['cache', 'imprt', '/media/op/STICK/accel-ctl-42.airlock'], "airlock: unknown command 'cache imprt'; did you mean 'cache import'?\n"],
    [['audit', 'verfy'], "airlock: unknown command 'audit verfy'; did you mean 'audit verify'?\n"],
    [['deploy', '--all', '--paralel', '4'], "airlock: unknown option '--paralel'; did you mean '--parallel'?\n"],
    [['host', 'add', 'plc1', '--adress=10.1.0.11'], "airlock: unknown option '--adress'; did you mean '--address'?\n"],
    [['frobnicate', 'plc1'], "airlock: unknown command 'frobnicate'; run 'airlock help' for the list\n"],
    [['cache'], "airlock: 'cache' needs one of: init, import, verify, ls, gc; run 'airlock help cache' for what each does\n"],
  ])('%j is a usage error naming only what was mistyped', (args, stderr) => {
    const r = run(...args);
    expect([r.status, r.stderr, r.text]).toEqual([2, stderr, '']);
  });
});

describe('help for one command', () => {
  it('lists every option of deploy with what it does and its default, by --help and by help', () => {
    const r = run('deploy', '--help');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(run('help', 'deploy').text).toBe(r.text);
    const lines = r.text.split('\n');
    expect(lines[0]).toMatch(/^usage: airlock deploy \[HOST…\]/);
    expect(r.text).toMatch(/^Send each host its system from a bundle/m);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}--parallel N +how many hosts at once \(default: 8\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}--bundle SEQUENCE\|latest +which bundle .*\(default: latest\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}--confirm-timeout SECONDS +.*\(default: 60\)$/));
    for (const option of Object.keys(COMMANDS.find((c) => c.words.join(' ') === 'deploy')?.options ?? {})) {
      expect(lines, option).toContainEqual(expect.stringMatching(new RegExp(`^ {2}--${option}\\b.* {2}\\S`)));
    }
  });

  it('says when an option may be repeated, and names the sub-commands of a command word', () => {
    const init = run('site', 'init', '--help').text;
    expect(init).toMatch(/^ {2}--trust PUBKEY +a key that signs bundles.*\(may be given more than once\)$/m);
    expect(init).toMatch(/^ {2}--threshold K +.*\(default: 1\)$/m);
    expect(run('help', 'audit').text).toMatch(/^See also: airlock audit verify$/m);
  });

  it('has a description for every option of every command', () => {
    const missing = COMMANDS.flatMap((c) =>
      Object.keys(c.options ?? {})
        .filter((o) => !c.optionHelp?.[o]?.does)
        .map((o) => `airlock ${c.words.join(' ')} --${o}`),
    );
    const stale = COMMANDS.flatMap((c) =>
      Object.keys(c.optionHelp ?? {})
        .filter((o) => !(o in (c.options ?? {})))
        .map((o) => `airlock ${c.words.join(' ')} --${o}`),
    );
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    const needValue = COMMANDS.flatMap((c) =>
      Object.entries(c.options ?? {})
        .filter(([o, spec]) => spec.type === 'string' && !c.optionHelp?.[o]?.value)
        .map(([o]) => `airlock ${c.words.join(' ')} --${o}`),
    );
    expect(needValue, 'an option that takes a value names it (N, DIR…)').toEqual([]);
  });
});
