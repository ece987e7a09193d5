// Past incidents on the Incident screen (as `airlock incident ls` lists them),
// against the real fleet: an incident run through the command line on host1
// and host2 is listed with when, the reason, the operator, its outcome and how
// each host came out; the list passes axe.
import { userInfo } from 'node:os';
import { airlock } from '../helpers/run-cli';
import { electronMissing } from './app-fixture';
import { seriousFindings } from './axe';
import { expect, test } from './site-fixture';

// A site of its own (shared with host-edit.spec.ts): the incident must not reach the other specs' hosts.
test.use({ siteOf: 'host-edits' });

const REASON = 'line A stalls | ticket #7';

test.beforeAll(async ({ demoSite }, testInfo) => {
  if (electronMissing(testInfo.project.name)) return;
  airlock(['incident', 'rollback', 'host2', 'host3', '--reason', REASON, '--data-dir', demoSite.dataDir]);
  const listed = airlock(['incident', 'ls', '--json', '--data-dir', demoSite.dataDir]);
  expect(JSON.parse(listed.text)).toHaveLength(1);
});

test('the Incident screen lists the incidents on record: when, why, who, and how each host came out', async ({ appPage }) => {
  await appPage.getByRole('button', { name: /Incident: roll back hosts/ }).click();
  const table = appPage.getByRole('table', { name: 'Incidents on record' });
  const row = table.getByRole('row', { name: /^1\b/ });
  await expect(row).toContainText(REASON, { timeout: 30_000 });
  await expect(row).toContainText(process.env.USER ?? userInfo().username);
  const hosts = row.getByRole('list', { name: 'Hosts of incident 1' });
  // Both already ran their last known good (adopted when added): nothing to roll back, and the incident succeeded.
  await expect(row).toContainText('succeeded');
  await expect(hosts.getByRole('listitem')).toHaveText(['host2: unchanged', 'host3: unchanged']);
  await expect(row.getByRole('button', { name: 'Show incident 1' })).toBeVisible();
  expect(await seriousFindings(appPage)).toEqual([]);
});
