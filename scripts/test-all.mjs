#!/usr/bin/env node
// The one test command (README): the system tools the tests need (installed
// when missing, see test-deps.mjs), then typecheck, lint, the Vitest suites and
// the browser suites, each counted, ending with the line CI reads:
// `N passed, N failed`. Exits 1 when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { testSetupProblem } from './test-deps.mjs';

// First, what the machine needs: installed here when root with apt-get, else one message and stop.
const problem = testSetupProblem();
if (problem) {
  console.error(`npm test: ${problem}`);
  process.exit(1);
}

const root = new URL('..', import.meta.url).pathname;
const results = join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];

function run(cmd, args, env = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

/** A step that is one check: it passes or fails as a whole. */
function step(name, cmd, args) {
  const ok = run(cmd, args) === 0;
  if (ok) passed++;
  else failed++;
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
}

/** A suite that reports its own counts in a JSON file. */
function suite(name, cmd, args, reportFile, count) {
  const status = run(cmd, args);
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(reportFile)) counts = count(JSON.parse(readFileSync(reportFile, 'utf8')));
  // A runner that crashed before reporting, or failed outside any test, counts as one failure.
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped;
  lines.push(`${counts.failed ? 'FAIL' : 'ok  '} ${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}

step('typecheck', 'npm', ['run', '--silent', 'typecheck']);
step('lint', 'npm', ['run', '--silent', 'lint']);
// The browser suites run against the built renderer, served by `airlock serve`.
step('build (electron-vite: main, preload, renderer; the CLI bundle)', 'npm', ['run', '--silent', 'build']);
const vitestReport = join(results, 'vitest.json');
suite(
  'unit and integration (Vitest)',
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestReport}`],
  vitestReport,
  (r) => ({
    passed: r.numPassedTests,
    failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0),
    skipped: r.numPendingTests + r.numTodoTests,
  }),
);

const playwrightReport = join(results, 'playwright.json');
suite('browser (Playwright)', 'npx', ['playwright', 'test'], playwrightReport, (r) => {
  // Say why a project was skipped (the Electron one, where no binary exists).
  const reasons = new Set();
  const walk = (s) => {
    for (const spec of s.specs ?? [])
      for (const t of spec.tests) for (const a of t.annotations) if (a.type === 'skip') reasons.add(`${t.projectName}: ${a.description}`);
    for (const child of s.suites ?? []) walk(child);
  };
  for (const s of r.suites) walk(s);
  for (const reason of reasons) lines.push(`     skipped ${reason}`);
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
});

console.log(`\n${lines.join('\n')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed === 0 ? 0 : 1;
