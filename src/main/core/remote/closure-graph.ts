// A toplevel's closure as a reference graph, read on the host in one ssh round
// trip: `nix-store --dump-db` of the closure prints, per path, the path, its
// NAR hash, NAR size, deriver, number of references, then the references.
// Read-only on the host; the toplevel travels as an argument, never inside the script.
import type { ClosureNode } from '../closure/reference-graph';
import { parseStorePath } from '../nix/store-path';
import type { RemoteHost } from './remote-host';
import type { SshTransport } from './ssh-transport';

const GRAPH_SCRIPT = `
LC_ALL=C; export LC_ALL
paths=$(nix-store -qR "$1") || exit 3
nix-store --dump-db $paths
`;

/** Parse `nix-store --dump-db` output (registration format) into nodes by path. */
export function parseDumpDb(text: string): Map<string, ClosureNode> {
  const lines = text.split('\n');
  const nodes = new Map<string, ClosureNode>();
  let i = 0;
  while (i < lines.length) {
    const path = lines[i]!;
    if (!path.startsWith('/nix/store/')) {
      i++;
      continue;
    }
    const narSize = Number(lines[i + 2]);
    const count = Number(lines[i + 4]);
    if (!Number.isInteger(narSize) || !Number.isInteger(count)) throw new Error(`unexpected nix-store --dump-db output at ${path}`);
    const references = lines.slice(i + 5, i + 5 + count).filter((r) => r !== path);
    nodes.set(path, { path, narSize, references });
    i += 5 + count;
  }
  return nodes;
}

/** The closure of `toplevel` on the host, with each path's NAR size and references. */
export async function readHostClosureGraph(transport: SshTransport, host: RemoteHost, toplevel: string): Promise<Map<string, ClosureNode>> {
  parseStorePath(toplevel);
  const r = await transport.run(host, ['sh', '-c', GRAPH_SCRIPT, 'closure-graph', toplevel], { timeoutMs: 120_000 });
  if (r.code === 3) throw new Error(`${host.name} does not hold ${toplevel} (or its closure) in its store`);
  if (r.code !== 0) throw new Error(`reading the closure of ${toplevel} on ${host.name} failed: ${r.stderr.trim() || `exit ${r.code}`}`);
  const nodes = parseDumpDb(r.stdout);
  if (!nodes.has(toplevel)) throw new Error(`reading the closure of ${toplevel} on ${host.name} returned no entry for it`);
  return nodes;
}
