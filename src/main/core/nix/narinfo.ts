// Nix `.narinfo` files: the text that describes one store path in a binary
// cache. Parsing is stricter than Nix (a bundle comes from outside and every
// mistake should name its line): whatever it accepts, every Nix from 2.8 on
// reads (NixOS/nix src/libstore/nar-info.cc, the `NarInfo` constructor), since
// an import copies the bytes verbatim into the offline cache. Writing follows
// `NarInfo::to_string`, so a narinfo that Nix wrote comes back out byte for byte.
import { contentAddressProblem } from './content-address';
import { formatHash, parseHash, type NixHash } from './hash';
import { parseStorePath, parseStorePathBaseName, printStorePath, storePathBaseName, type StorePath } from './store-path';

/** A field Airlock does not interpret; kept in order and written back after the known ones. */
export interface NarInfoField {
  readonly name: string;
  readonly value: string;
}

export interface NarInfo {
  readonly storePath: StorePath;
  /** Where the (compressed) NAR lies, relative to the cache root, e.g. `nar/<filehash>.nar.xz`. */
  readonly url: string;
  /** As written in the file; Nix reads an absent or empty Compression as `bzip2`. */
  readonly compression: string;
  readonly fileHash?: NixHash;
  readonly fileSize?: number;
  readonly narHash: NixHash;
  readonly narSize: number;
  readonly references: readonly StorePath[];
  readonly deriver?: StorePath;
  /** Written by Nix 2.x (before CA) when it knew the system; rarely present. */
  readonly system?: string;
  /** `Sig:` lines as written: `keyname:base64`. */
  readonly sigs: readonly string[];
  readonly ca?: string;
  readonly unknownFields: readonly NarInfoField[];
}

/** A narinfo that cannot be read; `line` is 1-based and absent when a field is missing altogether. */
export class NarInfoError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly lineText?: string,
  ) {
    super(message);
    this.name = 'NarInfoError';
  }
}

// Nix reads an absent Compression as bzip2: the format predates the field.
const DEFAULT_COMPRESSION = 'bzip2';
// Nix writes this placeholder when it does not know the deriver; it means "none".
const UNKNOWN_DERIVER = 'unknown-deriver';
const REQUIRED = ['StorePath', 'URL', 'NarHash', 'NarSize'] as const;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

function parseSize(value: string, field: string, allowZero: boolean): number {
  // Canonical decimal only, so that writing it back gives the same bytes.
  if (!/^(0|[1-9][0-9]*)$/.test(value)) throw new Error(`${field} is not a decimal integer`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`${field} is too large`);
  if (n === 0 && !allowZero) throw new Error(`${field} must be greater than zero`);
  return n;
}

function parseReferences(value: string): StorePath[] {
  if (value === '') return [];
  const seen = new Set<string>();
  return value.split(' ').map((name) => {
    if (name === '') throw new Error('References has an empty entry (two spaces, or a space at an end)');
    if (seen.has(name)) throw new Error(`References lists ${name} twice`);
    seen.add(name);
    return parseStorePathBaseName(name);
  });
}

type Draft = { -readonly [K in keyof NarInfo]?: NarInfo[K] };

// One rule per known field: each either fills in the draft or throws why the value is wrong.
const KNOWN_FIELDS: Readonly<Record<string, (draft: Draft, value: string) => void>> = {
  StorePath: (d, v) => (d.storePath = parseStorePath(v)),
  URL: (d, v) => {
    if (v === '') throw new Error('URL is empty');
    d.url = v;
  },
  Compression: (d, v) => (d.compression = v),
  FileHash: (d, v) => (d.fileHash = parseHash(v)),
  FileSize: (d, v) => (d.fileSize = parseSize(v, 'FileSize', true)),
  NarHash: (d, v) => (d.narHash = parseHash(v)),
  NarSize: (d, v) => (d.narSize = parseSize(v, 'NarSize', false)),
  References: (d, v) => (d.references = parseReferences(v)),
  Deriver: (d, v) => {
    if (v !== UNKNOWN_DERIVER) d.deriver = parseStorePathBaseName(v);
  },
  System: (d, v) => (d.system = v),
  Sig: (d, v) => {
    if (v === '') throw new Error('Sig is empty');
    const problem = signatureProblem(v);
    if (problem) throw new Error(problem);
    d.sigs = [...(d.sigs ?? []), v];
  },
  // Nix treats an empty CA as "not content-addressed"; any other value must parse, or Nix refuses the narinfo.
  CA: (d, v) => {
    if (v === '') return;
    const problem = contentAddressProblem(v);
    if (problem) throw new Error(`${problem}; Nix refuses to read such a narinfo`);
    d.ca = v;
  },
};

/**
 * Current Nix (2.34 on, src/libutil/signature/local-keys.cc `Signature::parse`)
 * refuses a narinfo with a Sig that is not `<key name>:<base64>`, both parts
 * non-empty, even one by a key nobody trusts. Nix itself only writes that form.
 */
function signatureProblem(value: string): string | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0) return "Sig is not '<key name>:<base64 signature>'; newer Nix refuses to read such a narinfo";
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value.slice(colon + 1))) {
    return "Sig's signature after the key name is not base64; newer Nix refuses to read such a narinfo";
  }
  return undefined;
}

/** An error naming line `lineNo` (1-based) and quoting it, cut short when very long. */
function lineError(source: string, lineNo: number, line: string, reason: string): NarInfoError {
  const shown = line.length > 200 ? `${line.slice(0, 200)}…` : line;
  return new NarInfoError(`${source} line ${lineNo}: ${reason}: ${JSON.stringify(shown)}`, lineNo, line);
}

/** Parses a narinfo; `source` (a file name) only decorates error messages. */
export function parseNarInfo(text: string, source = 'narinfo'): NarInfo {
  const lines = text.split('\n');
  // Nix reads a field only up to its "\n": without a final newline it calls the whole file corrupt.
  if (lines[lines.length - 1] === '') lines.pop();
  else if (text !== '') {
    const reason = 'the file ends without a newline after this line, and Nix refuses to read such a narinfo';
    throw lineError(source, lines.length, lines[lines.length - 1] as string, reason);
  }
  const draft: Draft = { references: [], sigs: [] };
  const unknownFields: NarInfoField[] = [];
  const seenOnLine = new Map<string, number>();

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const fail = (reason: string): never => {
      throw lineError(source, lineNo, line, reason);
    };
    const colon = line.indexOf(': ');
    if (colon <= 0) fail("expected 'Field: value' (a name, a colon and a space)");
    const name = line.slice(0, colon);
    const value = line.slice(colon + 2);
    if (!FIELD_NAME.test(name)) fail(`'${name}' is not a field name`);
    const rule = Object.hasOwn(KNOWN_FIELDS, name) ? KNOWN_FIELDS[name] : undefined;
    if (!rule) {
      unknownFields.push({ name, value });
      return;
    }
    const first = seenOnLine.get(name);
    if (first !== undefined && name !== 'Sig') fail(`${name} appears twice (first on line ${first})`);
    seenOnLine.set(name, lineNo);
    try {
      rule(draft, value);
    } catch (err) {
      fail(err instanceof Error ? err.message : String(err));
    }
  });

  const missing = REQUIRED.filter((field) => !seenOnLine.has(field));
  if (missing.length > 0) throw new NarInfoError(`${source}: missing required field ${missing.join(', ')}`);
  // An empty Compression value also means bzip2 in Nix (`if (compression == "")`).
  const compression = draft.compression || DEFAULT_COMPRESSION;
  return { ...draft, compression, unknownFields } as NarInfo;
}

/** Byte order, as the std::set<std::string> that Nix keeps references and signatures in. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Writes a narinfo in Nix's field order; references and signatures sorted and deduplicated as Nix's sets are. */
export function formatNarInfo(info: NarInfo): string {
  const fields: [string, string][] = [
    ['StorePath', printStorePath(info.storePath)],
    ['URL', info.url],
    ['Compression', info.compression],
  ];
  if (info.fileHash) fields.push(['FileHash', formatHash(info.fileHash)]);
  if (info.fileSize !== undefined) fields.push(['FileSize', String(info.fileSize)]);
  fields.push(['NarHash', formatHash(info.narHash)], ['NarSize', String(info.narSize)]);
  const refs = [...new Set(info.references.map(storePathBaseName))].sort(byteOrder);
  fields.push(['References', refs.join(' ')]);
  if (info.deriver) fields.push(['Deriver', storePathBaseName(info.deriver)]);
  if (info.system !== undefined) fields.push(['System', info.system]);
  for (const sig of [...new Set(info.sigs)].sort(byteOrder)) fields.push(['Sig', sig]);
  if (info.ca !== undefined) {
    const problem = contentAddressProblem(info.ca);
    if (problem) throw new Error(`cannot write narinfo of ${printStorePath(info.storePath)}: ${problem}`);
    fields.push(['CA', info.ca]);
  }
  for (const f of info.unknownFields) {
    // Written as an unknown field, a "Sig" would be read back as a signature.
    if (Object.hasOwn(KNOWN_FIELDS, f.name)) throw new Error(`narinfo field ${f.name} cannot be an unknown field`);
    fields.push([f.name, f.value]);
  }

  return fields
    .map(([name, value]) => {
      // A newline inside a value would smuggle in a field of its own.
      if (value.includes('\n') || !FIELD_NAME.test(name)) {
        throw new Error(`cannot write narinfo field ${JSON.stringify(name)} with value ${JSON.stringify(value)}`);
      }
      return `${name}: ${value}\n`;
    })
    .join('');
}
