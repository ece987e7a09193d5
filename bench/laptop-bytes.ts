// Counting the bytes that leave the laptop, in the kernel, for the scale
// benchmark. The laptop reaches every host only over SSH: a loopback host's
// sshd listens on 127.0.0.1:PORT, a host behind a site link on port 22 of its
// own address. A tc filter on the egress of `lo` (and of the link's veth)
// matches TCP to those ports and counts every packet through a `mirred`
// action, whose statistics are bytes on the wire: IP and TCP headers, SSH
// handshakes and encryption, the activation, every state poll, the NARs. So
// nothing the laptop sends a host escapes the count, however the engine sends
// it, and nothing else is in it: the hosts' own downloads from the mirror go
// to the mirror's HTTP port, and replies from sshd leave from, not to, the port.
// (This kernel has no netfilter tools, and of the tc actions only mirred
// loads; the mirrored copy goes to a veth of our own that drops it.)
import { run } from '../fleet/run';

export interface ByteMeter {
  /** Bytes sent so far to each watched destination, by label. */
  read(): Map<string, number>;
  stop(): void;
}

export interface Watched {
  readonly label: string;
  /** Device whose egress carries the laptop's packets to it: 'lo', or a site link's outside veth. */
  readonly dev: string;
  readonly address: string;
  readonly port: number;
}

const PRIO = 7;

function hasClsact(dev: string): boolean {
  return run(['tc', 'qdisc', 'show', 'dev', dev]).includes('clsact');
}

/** Sums "Sent N bytes" of every mirred action on `dev`'s egress, by the filter's handle. */
function sentByHandle(dev: string): Map<string, number> {
  const text = run(['tc', '-s', 'filter', 'show', 'dev', dev, 'egress']);
  const out = new Map<string, number>();
  let handle = '';
  for (const line of text.split('\n')) {
    const fh = /\bfh (\S+::\S+)/.exec(line);
    if (fh) handle = fh[1] as string;
    const sent = /^\s*Sent (\d+) bytes/.exec(line);
    if (sent && handle) out.set(handle, (out.get(handle) ?? 0) + Number(sent[1]));
  }
  return out;
}

/**
 * Starts counting. `sink` names the veth pair (≤ 13 chars) that takes the
 * mirrored copies. Refuses when a device already has a clsact qdisc: it is
 * someone else's, and removing ours would remove theirs.
 */
export function startByteMeter(sink: string, watched: readonly Watched[]): ByteMeter {
  const devs = [...new Set(watched.map((w) => w.dev))];
  for (const dev of devs) {
    if (hasClsact(dev))
      throw new Error(`${dev} already has a clsact qdisc (another benchmark?): remove it with \`tc qdisc del dev ${dev} clsact\``);
  }
  const made: string[] = [];
  const stop = (): void => {
    for (const dev of made.reverse()) run(['tc', 'qdisc', 'del', 'dev', dev, 'clsact']);
    if (run(['ip', '-o', 'link', 'show']).includes(`${sink}a@`)) run(['ip', 'link', 'del', `${sink}a`]);
  };
  const handles = new Map<string, string>();
  try {
    run(['ip', 'link', 'add', `${sink}a`, 'type', 'veth', 'peer', 'name', `${sink}b`]);
    // loopback packets are up to 64 KiB: mirred drops copies longer than the sink's MTU (the count stays right, but keep it clean).
    for (const end of ['a', 'b']) run(['ip', 'link', 'set', `${sink}${end}`, 'mtu', '65535', 'up']);
    for (const dev of devs) {
      run(['tc', 'qdisc', 'add', 'dev', dev, 'clsact']);
      made.push(dev);
    }
    watched.forEach((w, i) => {
      const handle = `800::${(0x800 + i).toString(16)}`;
      run([
        'tc',
        'filter',
        'add',
        'dev',
        w.dev,
        'egress',
        'protocol',
        'ip',
        'prio',
        String(PRIO),
        'handle',
        handle,
        'u32',
        'match',
        'ip',
        'dst',
        `${w.address}/32`,
        'match',
        'ip',
        'protocol',
        '6',
        '0xff',
        'match',
        'ip',
        'dport',
        String(w.port),
        '0xffff',
        'action',
        'mirred',
        'egress',
        'mirror',
        'dev',
        `${sink}a`,
      ]);
      handles.set(`${w.dev} ${handle}`, w.label);
    });
  } catch (err) {
    stop();
    throw err;
  }
  return {
    read(): Map<string, number> {
      const bytes = new Map<string, number>(watched.map((w) => [w.label, 0]));
      for (const dev of devs) {
        for (const [handle, sent] of sentByHandle(dev)) {
          const label = handles.get(`${dev} ${handle}`);
          if (label !== undefined) bytes.set(label, (bytes.get(label) ?? 0) + sent);
        }
      }
      return bytes;
    },
    stop,
  };
}

/** Bytes sent to the labels in `of`, between two readings. */
export function bytesBetween(before: Map<string, number>, after: Map<string, number>, of: readonly string[]): number {
  return of.reduce((sum, label) => sum + (after.get(label) ?? 0) - (before.get(label) ?? 0), 0);
}
