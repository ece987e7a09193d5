// The URLs another machine can open when the console listens beyond loopback.
// A wildcard address (0.0.0.0, ::) is where the server listens, not a place a
// browser can go: the URLs name this machine's own addresses instead.
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

export function isLoopback(address: string): boolean {
  return address === 'localhost' || address === '::1' || address.startsWith('127.');
}

const WILDCARDS: Readonly<Record<string, readonly NetworkInterfaceInfo['family'][]>> = {
  '0.0.0.0': ['IPv4'],
  '::': ['IPv4', 'IPv6'], // Node's '::' is dual-stack
};

// fe80::/10 addresses need a zone (%eth0) that browsers do not take in a URL.
const linkLocal = (a: NetworkInterfaceInfo): boolean => a.family === 'IPv6' && /^fe[89ab]/i.test(a.address);

/** The hosts to put in the URLs, IPv4 first; loopback when the machine has no other address. */
export function reachableHosts(listen: string, interfaces = networkInterfaces()): readonly string[] {
  const families = WILDCARDS[listen];
  if (!families) return [listen];
  const addresses = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((a) => !a.internal && families.includes(a.family) && !linkLocal(a))
    .sort((a, b) => (a.family === b.family ? 0 : a.family === 'IPv4' ? -1 : 1))
    .map((a) => a.address);
  return addresses.length > 0 ? [...new Set(addresses)] : ['127.0.0.1'];
}

export function consoleUrl(host: string, port: number, token: string): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/#token=${token}`;
}
