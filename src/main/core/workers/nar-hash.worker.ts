// Worker: the NarHash and NarSize of a path (see nar-hash.ts).
import { serveJobs } from '../jobs/worker-task';
import { hashPathSync, type PathHashText } from '../nix/nar-hash';

serveJobs<{ path: string }, PathHashText>(({ path }) => hashPathSync(path));
