// axe-core in the page, for this spec and for the specs that open the other
// dialogs (rollback, switch, reboot, incident, clean): each checks its dialog
// where it has it open, so every dialog is looked at with real content in it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';
import { expect } from './site-fixture';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core itself, evaluated in the page through the debugger protocol: the
 * same in Chromium through the console and in Electron's window. (A <script>
 * tag is refused, rightly: the app's CSP requires Trusted Types.)
 */
export async function seriousFindings(page: Page): Promise<string[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const { violations, passes } = await page.evaluate<AxeResults>('window.axe.run(document)');
  // axe really looked: rules such as button-name passed on this page.
  expect(passes.length).toBeGreaterThan(10);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
