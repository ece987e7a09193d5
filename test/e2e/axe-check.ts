// axe-core run in the page the way accessibility.spec.ts runs it (evaluated
// through the debugger protocol, so the app's Trusted Types CSP allows it):
// the serious and critical findings, each with the elements it names.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';
import { expect } from '@playwright/test';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export async function seriousFindings(page: Page): Promise<string[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const { violations, passes } = await page.evaluate<AxeResults>('window.axe.run(document)');
  // axe really looked: rules such as button-name passed on this page.
  expect(passes.length).toBeGreaterThan(10);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
