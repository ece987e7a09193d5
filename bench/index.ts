// `npm run bench`: every speed goal of the issues, measured against Nix's own
// tools or the hardware limit, printed as ratios. Exits 1 when a goal is not met.
// Only some parts: `npm run bench -- --only ID` (or `npm run bench -- WORDS`,
// matched against the part's name), where ID is one of the keys below, e.g.
// `npm run bench -- --only import-realistic` for the import of the two
// closures shaped like real systems (issue 15).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { formatResults, FIXTURES, REPO, type Result } from './bench-lib';
import { benchNarHash } from './nar-hash.bench';
import { benchImport, benchImportRealistic } from './import.bench';
import { benchDeploy, benchDeployRealistic } from './deploy.bench';
import { benchDeployScale } from './deploy-scale.bench';
import { benchFleetScreen } from './fleet-screen.bench';
import { benchFleetWave } from './fleet-wave.bench';
import { benchStartup } from './startup.bench';

interface Suite {
  readonly name: string;
  readonly run: () => Result[] | Promise<Result[]>;
}

const suites: Record<string, Suite> = {
  'nar-hash': { name: 'NAR hashing (issue 2)', run: benchNarHash },
  import: { name: 'Bundle import (issue 3)', run: benchImport },
  'import-realistic': { name: 'Bundle import, closures shaped like real systems (issue 15)', run: benchImportRealistic },
  deploy: { name: 'Deploy over SSH (issue 4)', run: benchDeploy },
  'deploy-realistic': { name: 'Deploy over SSH, a closure shaped like a NixOS system (issue 15)', run: benchDeployRealistic },
  'deploy-scale': { name: 'Deploy to 50 hosts, by push and through a site mirror (issue 14)', run: benchDeployScale },
  'fleet-screen': { name: 'Fleet screen (issue 5)', run: benchFleetScreen },
  'fleet-wave': { name: 'Fleet screen during a 500-host wave deploy (issues 14, 15)', run: benchFleetWave },
  startup: { name: 'CLI startup (issue 15)', run: benchStartup },
};

function chosen(argv: readonly string[]): (id: string, suite: Suite) => boolean {
  const at = argv.indexOf('--only');
  if (at >= 0) {
    const ids = (argv[at + 1] ?? '').split(',').filter(Boolean);
    const unknown = ids.filter((id) => !(id in suites));
    if (ids.length === 0 || unknown.length > 0) {
      console.error(`--only takes one or more of: ${Object.keys(suites).join(', ')} (comma-separated)`);
      process.exit(2);
    }
    return (id) => ids.includes(id);
  }
  const words = argv[0];
  return (_id, suite) => !words || suite.name.toLowerCase().includes(words.toLowerCase());
}

const include = chosen(process.argv.slice(2));
let failed = 0;
console.log(`fixtures in ${FIXTURES} (kept between runs; delete to rebuild)\n`);
// Measure the command as operators run it: the esbuild bundle in out/cli (what
// `npm install` builds), not the TypeScript sources through tsx, which
// bin/airlock.mjs falls back to when a source is newer than the bundle.
execFileSync(process.execPath, [join(REPO, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
for (const [id, suite] of Object.entries(suites)) {
  if (!include(id, suite)) continue;
  console.log(`## ${suite.name}`);
  const results = await suite.run();
  console.log(formatResults(results));
  failed += results.filter((r) => r.ratio && !r.ratio.met).length;
  console.log();
}
console.log(failed === 0 ? 'all goals met' : `${failed} goal(s) not met`);
process.exitCode = failed === 0 ? 0 : 1;
