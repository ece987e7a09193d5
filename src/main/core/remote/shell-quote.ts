// ssh joins its command arguments with spaces and gives that one string to the
// remote user's login shell. So each argv element is wrapped in POSIX single
// quotes, inside which no character is special; a single quote itself ends the
// quoted run, is written escaped, and a new run starts: ' becomes '\''.

export function shellQuote(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** The one command line the remote shell will split back into exactly `argv`. */
export function remoteCommand(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('a remote command needs at least one word');
  return argv.map(shellQuote).join(' ');
}
