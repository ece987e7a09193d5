// A corpus of real store paths, built by real Nix, that together cover every
// shape a NAR can take: relative, absolute and dangling symlinks (and one to a
// directory), executables (one empty), an empty folder and an empty file, names
// with spaces and non-ASCII (UTF-8) letters, nesting 10 deep, a file of several
// MiB, a store path that is a single file, and a store path whose name holds
// '+', '=' and '?'. Shared by the NAR reader/restore tests and the writer tests
// (`airlock nar dump` against `nix-store --dump`), so changes here affect both.
//
// Builder scripts run under /bin/sh (dash) with an empty PATH: every tool is
// called by absolute path. They are embedded in a Nix string, so they must not
// contain `${` (Nix would interpolate it): write `$out`, never `${out}`.
import { buildStorePath } from './real-nix';

export interface CorpusPath {
  /** A short label for test names ('tree', 'big', 'single-file', 'special-name'). */
  readonly name: string;
  /** The store path, e.g. /nix/store/…-airlock-corpus-tree. */
  readonly path: string;
}

const MKDIR = '/usr/bin/mkdir';
const LN = '/usr/bin/ln';
const CHMOD = '/usr/bin/chmod';
const YES = '/usr/bin/yes';
const HEAD = '/usr/bin/head';

/** Ten directories deep, then a file: deep/d1/…/d10/leaf.txt. */
const DEEP_DIR = ['deep', ...Array.from({ length: 10 }, (_, i) => `d${i + 1}`)].join('/');

/** Names whose bytes sort differently from their code points, and need quoting in a shell. */
export const CORPUS_SPACED_NAME = 'name with spaces.txt';
export const CORPUS_UNICODE_NAME = 'café ünïcødé 日本.txt';

const TREE_SCRIPT = [
  'set -e',
  `${MKDIR} -p $out/bin $out/empty-dir $out/links $out/${DEEP_DIR}`,
  // Executables: one with contents, one empty (the 'executable' marker followed by a zero-length file).
  "printf '#!/bin/sh\\necho run\\n' > $out/bin/run",
  ': > $out/bin/empty-exec',
  `${CHMOD} 755 $out/bin/run $out/bin/empty-exec`,
  ': > $out/empty-file',
  // Lengths that are and are not multiples of 8, so padding is exercised both ways.
  "printf '12345678' > $out/eight-bytes",
  "printf 'seven b' > $out/seven-bytes",
  `printf 'spaces\\n' > "$out/${CORPUS_SPACED_NAME}"`,
  `printf 'unicode\\n' > "$out/${CORPUS_UNICODE_NAME}"`,
  `${LN} -s ../bin/run $out/links/relative`,
  `${LN} -s /bin/sh $out/links/absolute`,
  `${LN} -s ../does/not/exist $out/links/dangling`,
  `${LN} -s ../${DEEP_DIR} $out/links/to-dir`,
  `printf 'leaf at depth ten\\n' > $out/${DEEP_DIR}/leaf.txt`,
].join('\n');

/** Several MiB of repeated text (cheap to make), with a length that is not a multiple of 8. */
export const CORPUS_BIG_FILE_SIZE = 4 * 1024 * 1024 + 3;

const BIG_SCRIPT = [
  'set -e',
  `${MKDIR} -p $out`,
  `${YES} 'airlock corpus: a line repeated to make a file of several MiB' | ${HEAD} -c ${CORPUS_BIG_FILE_SIZE} > $out/big.txt`,
].join('\n');

const SINGLE_FILE_SCRIPT = "printf 'a store path that is a single file\\n' > $out";

/** About 20 KiB, a few files, a symlink and a subfolder: small enough to cut at every 512 bytes. */
const SPECIAL_NAME_SCRIPT = [
  'set -e',
  `${MKDIR} -p $out/sub`,
  `${YES} 'documentation text' | ${HEAD} -c 9001 > $out/doc.txt`,
  `${YES} 'data' | ${HEAD} -c 7003 > $out/sub/data.txt`,
  "printf '#!/bin/sh\\nexit 0\\n' > $out/run.sh",
  `${CHMOD} 755 $out/run.sh`,
  `${LN} -s ../doc.txt $out/sub/link`,
  `${YES} 'tail' | ${HEAD} -c 3000 > $out/sub/tail.txt`,
].join('\n');

/** Store path names may hold '+', '=' and '?' (and '-', '.', '_'). */
export const CORPUS_SPECIAL_STORE_NAME = 'airlock-corpus-c++=x?y';

let cached: CorpusPath[] | undefined;

/**
 * Builds (once per process; Nix caches across processes) and returns the
 * corpus store paths. Slow the first time on a fresh store: call it from a
 * beforeAll with a generous hook timeout.
 */
export function buildNarCorpus(): CorpusPath[] {
  cached ??= [
    { name: 'tree', path: buildStorePath('airlock-corpus-tree', TREE_SCRIPT) },
    { name: 'big', path: buildStorePath('airlock-corpus-big', BIG_SCRIPT) },
    { name: 'single-file', path: buildStorePath('airlock-corpus-single-file', SINGLE_FILE_SCRIPT) },
    { name: 'special-name', path: buildStorePath(CORPUS_SPECIAL_STORE_NAME, SPECIAL_NAME_SCRIPT) },
  ];
  return cached.map((p) => ({ ...p }));
}
