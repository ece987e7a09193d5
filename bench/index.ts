// `npm run bench`: every speed goal of the issues, measured against Nix's own
// tools or the hardware limit, printed as ratios. Exits 1 when a goal is not met.
import { formatResults, FIXTURES, type Result } from './bench-lib';
import { benchNarHash } from './nar-hash.bench';
import { benchImport } from './import.bench';
import { benchDeploy } from './deploy.bench';
import { benchFleetScreen } from './fleet-screen.bench';
import { benchStartup } from './startup.bench';

const suites: Record<string, () => Result[] | Promise<Result[]>> = {
  'NAR hashing (issue 2)': benchNarHash,
  'Bundle import (issue 3)': benchImport,
  'Deploy over SSH (issue 4)': benchDeploy,
  'Fleet screen (issue 5)': benchFleetScreen,
  'CLI startup (issue 15)': benchStartup,
};

const only = process.argv[2];
let failed = 0;
console.log(`fixtures in ${FIXTURES} (kept between runs; delete to rebuild)\n`);
for (const [name, run] of Object.entries(suites)) {
  if (only && !name.toLowerCase().includes(only.toLowerCase())) continue;
  console.log(`## ${name}`);
  const results = await run();
  console.log(formatResults(results));
  failed += results.filter((r) => r.ratio && !r.ratio.met).length;
  console.log();
}
console.log(failed === 0 ? 'all goals met' : `${failed} goal(s) not met`);
process.exitCode = failed === 0 ? 0 : 1;
