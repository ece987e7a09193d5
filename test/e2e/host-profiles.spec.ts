// The Host screen of a host that is not NixOS (issue 12): a real nix-only
// fleet host, reached as its unprivileged user, with one Nix profile deployed
// twice through the CLI. The screen says honestly that there is no system
// profile, shows one section for the profile with its generations (store
// path name, current, who deployed it, confirmed), and rolls the profile back
// through the one confirmation dialog naming host, profile and generations;
// the profile on the host itself, read over SSH, and the audit log agree.
// Then a switch forward to generation 2 through the same dialog.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fleetHost, runOnHost, startFleet, stopFleet, type FleetHost } from '../../fleet/fleet';
import { NIX_ONLY_PROFILES, NIX_ONLY_USER } from '../../fleet/nix-only-host';
import { fleetPaths } from '../../fleet/paths';
import { buildStorePath } from '../helpers/real-nix';
import { airlock } from '../helpers/run-cli';
import { electronMissing, test as appTest } from './app-fixture';
import { seriousFindings } from './axe';
import { expect } from './site-fixture';

const PROFILE = `${NIX_ONLY_PROFILES}/ioc`;

interface ProfileSite {
  readonly host: FleetHost;
  readonly dataDir: string;
  readonly versions: { readonly v1: string; readonly v2: string };
  readonly env: Readonly<Record<string, string>>;
  cli(args: readonly string[]): string;
}

/** A stand-in IOC: bin/activate notes its version in the user's home. */
const iocPackage = (version: string): string =>
  buildStorePath(
    `host-profiles-ioc-${version}`,
    [
      '/bin/mkdir -p $out/bin',
      `/bin/cat > $out/bin/activate <<'EOF'\n#!/bin/sh\necho ${version} >> "$HOME/activations"\nEOF`,
      '/bin/chmod 755 $out/bin/activate',
    ].join('\n'),
  );

/** A site of its own: one nix-only host, its profile deployed from bundle 1 (v1), then bundle 2 (v2). */
async function setUpProfileSite(work: string): Promise<ProfileSite> {
  const dataDir = join(work, 'data');
  const stick = join(work, 'stick');
  const cacheRoot = join(stick, 'airlock');
  const fleetDir = join(work, 'fleet');
  mkdirSync(stick, { recursive: true });
  const cli = (args: readonly string[]): string => {
    const r = airlock([...args, '--data-dir', dataDir, '--cache', cacheRoot]);
    if (r.status !== 0) throw new Error(`airlock ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return r.text;
  };
  const key = join(work, 'build.sec');
  cli(['keys', 'generate', '--name', 'ioc-build-1', '--secret-key', key, '--public-key', `${key}.pub`]);
  cli(['site', 'init', '--name', 'ioc-site', '--trust', `${key}.pub`]);
  cli(['cache', 'init', cacheRoot]);
  const fleet = await startFleet(1, { dir: fleetDir, nixOnly: true });
  const host = fleetHost(fleet, 'host1');
  const clientKey = fleetPaths(fleetDir).clientKey;
  cli([
    'host',
    'add',
    'host1',
    '--address',
    host.address,
    '--port',
    String(host.port),
    '--user',
    NIX_ONLY_USER.name,
    '--identity',
    clientKey,
    '--accept-host-key',
    host.hostKeyFingerprint,
  ]);
  const versions = { v1: iocPackage('v1'), v2: iocPackage('v2') };
  for (const [sequence, target] of [
    [1, versions.v1],
    [2, versions.v2],
  ] as const) {
    const out = join(stick, `ioc-site-${sequence}.airlock`);
    const create = ['bundle', 'create', '--out', out, '--site', 'ioc-site', '--sequence', String(sequence), '--sign', key];
    cli([...create, '--base', cacheRoot, '--profile', `host1:${PROFILE}=${target}:bin/activate`]);
    cli(['cache', 'import', out]);
    cli(['deploy', 'host1']);
  }
  return {
    host,
    dataDir,
    versions,
    cli,
    env: { AIRLOCK_DATA_DIR: dataDir, AIRLOCK_MEDIA_ROOTS: stick, AIRLOCK_PROBE_INTERVAL_MS: '2000' },
  };
}

const test = appTest.extend<object, { profileSite: ProfileSite }>({
  profileSite: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function asks for from its first parameter.
    async ({}, use, workerInfo) => {
      if (electronMissing(workerInfo.project.name)) return use({ env: {} } as ProfileSite);
      const work = mkdtempSync(join(tmpdir(), 'airlock-e2e-profiles-'));
      try {
        await use(await setUpProfileSite(work));
      } finally {
        await stopFleet(join(work, 'fleet'));
        rmSync(work, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 300_000 },
  ],
  appEnv: async ({ profileSite }, use) => use({ ...profileSite.env }),
});

test('a non-NixOS host shows its profile with its generations and rolls it back, then forward, through the dialog', async ({
  appPage,
  profileSite,
}) => {
  test.setTimeout(360_000);
  const { v1, v2 } = profileSite.versions;
  const onHost = async (argv: readonly string[]): Promise<string> =>
    (await runOnHost(profileSite.host, argv, { user: NIX_ONLY_USER.name })).stdout.trim();
  const profileTarget = (): Promise<string> => onHost(['sh', '-c', 'cd "${1%/*}" && readlink "$(readlink "$1")"', 'x', PROFILE]);
  expect(await profileTarget()).toBe(v2);

  await appPage.getByRole('table', { name: 'Hosts' }).getByRole('button', { name: 'host1', exact: true }).click();
  await expect(appPage.getByText('Not NixOS: no system profile.')).toBeVisible({ timeout: 30_000 });
  await expect(appPage.getByRole('table', { name: 'Generations of host1' })).toBeHidden();
  await expect(appPage.getByRole('button', { name: 'Refresh generations' })).toBeHidden();

  const section = appPage.getByRole('region', { name: `Profile ${PROFILE}` });
  const table = section.getByRole('table', { name: `Generations of profile ${PROFILE} on host1` });
  const row = (n: number) => table.getByRole('row', { name: new RegExp(`^${n}\\b`) });
  await expect(table).toBeVisible({ timeout: 60_000 });
  // Newest first: generation 2, then 1.
  await expect(table.getByRole('rowheader')).toHaveText(['2', '1']);
  await expect(row(2)).toContainText('host-profiles-ioc-v2');
  await expect(row(2)).toContainText(v2);
  await expect(row(2).getByRole('cell').nth(1)).toHaveText('current');
  await expect(row(2)).toContainText('bundle ioc-site-2');
  await expect(row(2)).toContainText('confirmed healthy');
  await expect(row(1)).toContainText('host-profiles-ioc-v1');
  await expect(row(1)).toContainText('bundle ioc-site-1');
  await expect(row(1).getByRole('cell').nth(1)).toHaveText('–');

  // Roll back: the records say generation 1 ran before 2.
  await row(2)
    .getByRole('button', { name: `Roll back profile ${PROFILE} from generation 2` })
    .click();
  const dialog = appPage.getByRole('dialog', { name: `Roll back profile ${PROFILE} on host1?` });
  await expect(dialog).toContainText(
    `Profile ${PROFILE} on host1 goes from generation 2 [host-profiles-ioc-v2] to generation 1 [host-profiles-ioc-v1]`,
  );
  expect(await seriousFindings(appPage), 'axe on the dialog').toEqual([]);
  await dialog.getByRole('textbox', { name: 'Reason (written to the audit log)' }).fill('ioc v2 drops PVs');
  await dialog.getByRole('button', { name: `Roll back ${PROFILE} on host1 from generation 2 to 1` }).click();
  const rollback = section.getByRole('region', { name: `Rollback of profile ${PROFILE} on host1` });
  await expect(rollback.getByRole('status', { name: 'Result for host1' })).toContainText('host1: done – generation 2 → generation 1', {
    timeout: 120_000,
  });
  await expect(row(1).getByRole('cell').nth(1)).toHaveText('current', { timeout: 30_000 });
  await expect(row(2).getByRole('cell').nth(1)).toHaveText('–');
  // The host itself, over SSH: the profile points at v1, and v1's ACTIVATE ran again.
  expect(await profileTarget()).toBe(v1);
  expect(await onHost(['sh', '-c', 'cat "$HOME/activations"'])).toBe('v1\nv2\nv1');
  const audit = JSON.parse(profileSite.cli(['audit', '--json'])) as { action: string; outcome: string; details: Record<string, unknown> }[];
  expect(audit.filter((a) => a.action === 'host.rollback').map((a) => [a.outcome, a.details.profile, a.details.reason])).toEqual([
    ['ok', PROFILE, 'ioc v2 drops PVs'],
  ]);

  // And forward again: a switch to generation 2 through the same dialog.
  await row(2)
    .getByRole('button', { name: `Switch profile ${PROFILE} to generation 2` })
    .click();
  const switchDialog = appPage.getByRole('dialog', { name: `Switch profile ${PROFILE} on host1 to generation 2?` });
  await switchDialog.getByRole('button', { name: `Switch ${PROFILE} on host1 from generation 1 to 2` }).click();
  const switched = section.getByRole('region', { name: `Switch of profile ${PROFILE} on host1` });
  await expect(switched.getByRole('status', { name: 'Result for host1' })).toContainText('host1: done – generation 1 → generation 2', {
    timeout: 120_000,
  });
  await expect(row(2).getByRole('cell').nth(1)).toHaveText('current', { timeout: 30_000 });
  expect(await profileTarget()).toBe(v2);
});
