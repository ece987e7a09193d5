// The window every screen lives in: named screens in a sidebar, reachable from
// the keyboard, and the engine answering through the contract.
import { test, expect } from './app-fixture';

test('the sidebar names every screen and the engine answers', async ({ appPage }) => {
  const nav = appPage.getByRole('navigation', { name: 'Screens' });
  for (const name of ['Fleet', 'Media & import', 'Offline cache', 'Deploy', 'Audit', 'Settings']) {
    await expect(nav.getByRole('button', { name })).toBeVisible();
  }
  // The version comes from the engine over IPC or HTTP, not from the page.
  await expect(appPage.getByText('Version 0.1.0')).toBeVisible();
  // The token is taken out of the address bar once read.
  expect(appPage.url()).not.toContain('token=');
});

test('screens can be chosen from the keyboard', async ({ appPage }) => {
  const nav = appPage.getByRole('navigation', { name: 'Screens' });
  await nav.getByRole('button', { name: 'Fleet' }).focus();
  await appPage.keyboard.press('Tab');
  await appPage.keyboard.press('Enter');
  await expect(nav.getByRole('button', { name: 'Media & import' })).toHaveAttribute('aria-current', 'page');
  await expect(appPage.getByRole('heading', { level: 1, name: 'Media & import' })).toBeVisible();
});

test('every screen has its own address: Back returns to the screen before, and an address opens its screen', async ({ appPage }) => {
  const nav = appPage.getByRole('navigation', { name: 'Screens' });
  await nav.getByRole('button', { name: 'Audit' }).click();
  await expect(appPage.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  await expect.poll(() => new URL(appPage.url()).hash).toBe('#/audit');
  await nav.getByRole('button', { name: 'Settings' }).click();
  await expect.poll(() => new URL(appPage.url()).hash).toBe('#/settings');
  await appPage.goBack();
  await expect(appPage.getByRole('heading', { level: 1, name: 'Audit' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Audit' })).toHaveAttribute('aria-current', 'page');
  // An address typed or followed from a link (the same tab keeps the console's token).
  await appPage.evaluate('location.hash = "#/cache"');
  await expect(appPage.getByRole('heading', { level: 1, name: 'Offline cache' })).toBeVisible();
  await appPage.evaluate('location.hash = "#/nowhere"');
  await expect(appPage.getByRole('heading', { level: 1, name: 'Offline cache' })).toBeVisible();
});
