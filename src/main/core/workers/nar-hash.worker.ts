// Worker: the NarHash and NarSize of a path (see nar-hash.ts).
import { serveTask } from '../jobs/worker-task';
import { hashPathSync, type PathHashText } from '../nix/nar-hash';

serveTask<{ path: string }, PathHashText>(({ path }) => hashPathSync(path));
