// What `airlock serve` prints once it listens. stdout: the URLs to open, one a
// line, the first usable as it is (cli.md: "Its first line on stdout is the URL
// to open"). stderr: how to stop it and, beyond loopback, that it is exposed.
import type { RunningConsole } from '../main/console/serve-console';

export function serveBanner(running: Pick<RunningConsole, 'urls' | 'exposed'>): { readonly stdout: string; readonly stderr: string } {
  const stdout = running.urls.map((url) => `${url}\n`).join('');
  const lines = ['Airlock web console running; open the URL above. Ctrl-C stops it.'];
  if (running.exposed) {
    lines.unshift(
      'airlock: warning: the console listens beyond loopback, over plain HTTP: any machine on the network can reach it,',
      'and anyone who gets the URL with its token (over the wire, from a screen, from a shell history) can operate the site.',
      'Use it only on a network you trust, and stop it (Ctrl-C) when done; without --listen it stays on this machine.',
    );
    if (running.urls.length > 1) lines.push("Each URL above is one of this machine's addresses; open the one the other machine can reach.");
  }
  return { stdout, stderr: `${lines.join('\n')}\n` };
}
