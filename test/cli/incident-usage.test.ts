// `airlock incident` and `generations clean` refusals that need no fleet:
// usage errors (exit 2) before anything is opened or contacted, and clear
// refusals (exit 1) when the records hold nothing to act on.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { airlock } from '../helpers/run-cli';
import { tempDir } from '../helpers/tmp';

const work = tempDir('airlock-cli-incident-usage-');

describe('airlock incident and generations clean refusals', () => {
  const cli = (args: readonly string[]) => airlock([...args, '--data-dir', join(work, 'data')]);

  it('usage errors exit 2 and say what is expected', () => {
    const cases: [string[], RegExp][] = [
      [['incident', 'rollback', 'host1'], /--reason is required/],
      [['incident', 'rollback', 'host1', '--reason', '   '], /--reason must say what is wrong/],
      [['incident', 'rollback', 'host1', '--tag', 'rack-a', '--reason', 'x'], /one of the three/],
      [['incident', 'rollback', '--reason', 'x'], /one of the three/],
      [['incident', 'rollback', '--tag', 'Rack;A', '--reason', 'x'], /tag "Rack;A" must be/],
      [['incident', 'rollback', 'host1', '--reason', 'x', '--parallel', '0'], /--parallel must be a whole number/],
      [['incident', 'rollback', 'host1', '--reason', 'x', '--no-magic-rollback'], /--no-magic-rollback is refused/],
      [['incident', 'report', '1;x'], /ID must be an incident number/],
      [['generations', 'clean', 'host1'], /--keep is required/],
      [['generations', 'clean', 'host1', '--keep', '0'], /--keep must be a whole number of generations/],
      [['generations', 'clean', 'host1', '--keep', '2 --delete'], /--keep must be a whole number of generations/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect([r.status, r.stderr], args.join(' ')).toEqual([2, expect.stringMatching(message)]);
    }
  });

  it('refuses, exit 1, when there is nothing on record to act on', () => {
    expect(cli(['incident', 'rollback', '--latest-deployment', '--reason', 'x']).stderr).toMatch(
      /^airlock: no deployment on record changed a host/,
    );
    expect(cli(['incident', 'rollback', 'nohost', '--reason', 'x']).stderr).toMatch(/^airlock: no host named 'nohost'/);
    expect(cli(['incident', 'report', '9'])).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^airlock: no incident 9 \(see `airlock incident ls`\)/),
    });
    expect(cli(['generations', 'clean', 'nohost', '--keep', '1'])).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/no host named 'nohost'/),
    });
    expect(JSON.parse(cli(['incident', 'ls', '--json']).text)).toEqual([]);
  });
});
