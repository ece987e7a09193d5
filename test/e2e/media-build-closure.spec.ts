// The Media screen says what a bundle's build closure costs: a bundle made by
// real Nix with --with-build-closure (in a folder of its own, so the stick's
// bundles stay what the other specs expect) shows the paths, NAR bytes and
// compressed bytes its build closure adds, as `bundle inspect --json` counts them.
import { join } from 'node:path';
import { airlock } from '../helpers/run-cli';
import { buildBuildableSystem } from '../helpers/buildable-system';
import { formatBytes } from '../../src/shared/format';
import { expect, test } from './site-fixture';

test('a bundle with a build closure shows what it adds', async ({ appPage, demoSite }) => {
  const work = join(demoSite.work, 'build-closure');
  const system = buildBuildableSystem(join(work, 'src'), 'plc9');
  const keyFile = join(work, 'build.sec');
  const cli = (args: readonly string[]) => {
    const r = airlock([...args, '--data-dir', join(work, 'data')]);
    expect(r.status, r.stderr).toBe(0);
    return r.text;
  };
  cli(['keys', 'generate', '--name', 'accel-build-9', '--secret-key', keyFile, '--public-key', join(work, 'build.pub')]);
  const folder = join(work, 'stick');
  const bundle = join(folder, 'accel-ctl-9.airlock');
  cli([
    'bundle',
    'create',
    '--out',
    bundle,
    '--site',
    'accel-ctl',
    '--sequence',
    '9',
    '--sign',
    keyFile,
    '--system',
    `plc9=${system.toplevel}`,
    '--with-build-closure',
  ]);
  const { added } = (
    JSON.parse(cli(['bundle', 'inspect', bundle, '--json'])) as {
      buildClosure: { added: { paths: number; narBytes: number; fileBytes: number } };
    }
  ).buildClosure;

  await appPage.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Media & import' }).click();
  await appPage.getByRole('textbox', { name: 'Bundle folder' }).fill(folder);
  await appPage.getByRole('button', { name: 'Show bundles', exact: true }).click();
  const card = appPage.getByRole('region', { name: 'Bundle accel-ctl-9' });
  await expect(card).toContainText('plc9 (switch)');
  await expect(card).toContainText('Build closure');
  await expect(card).toContainText(
    `adds ${added.paths} paths, ${formatBytes(added.narBytes)} (NAR), ${formatBytes(added.fileBytes)} compressed`,
  );
});
