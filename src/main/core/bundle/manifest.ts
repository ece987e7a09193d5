// Reading and writing the manifest, `airlock-bundle.json` (rule 1 of
// bundle-format.md): at most 64 MiB, UTF-8 JSON, the schema of its format (1,
// or 2 with profiles), and the rules across fields. The exact bytes are what is signed, so a manifest is
// written once, deterministically, and never rewritten.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { MAX_MANIFEST_BYTES, MANIFEST_FILE } from './bundle-layout';
import { MANIFEST_FORMAT_2, manifestSchema, manifestSchema2, type Manifest } from './manifest-schema';
import { manifestRuleProblem } from './manifest-rules';
import { refuse, shown } from './refusal';
import { escapeUntrusted } from '../../../shared/untrusted-text';

export type { Manifest, ManifestPath, ManifestProfile, ManifestSystem, SystemAction } from './manifest-schema';

type Issue = z.core.$ZodIssue;

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function describeIssue(issue: Issue, format: string): string {
  const where = issue.path.length === 0 ? 'the manifest' : fieldName(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${where} has unknown field ${issue.keys.map((k) => shown(k, 60)).join(', ')}: ${format} allows no other fields`;
    case 'invalid_type':
      if (issue.input === undefined) return `${where} is missing`;
      // A field with words of its own (see manifest-schema.ts) says them; else the expected type.
      if (!issue.message.startsWith('Invalid')) return `${where} ${issue.message}`;
      return `${where} must be ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`;
    default:
      return `${where} ${issue.message}`;
  }
}

/** Parses and checks a manifest; throws BundleRefusal (rule 1) naming the first thing wrong. */
export function parseManifest(bytes: Buffer): Manifest {
  if (bytes.length > MAX_MANIFEST_BYTES) {
    refuse(1, `${MANIFEST_FILE} is ${bytes.length} bytes, more than the ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB a manifest may be`);
  }
  let text: string;
  try {
    // A byte-order mark is kept (so JSON.parse refuses it): the signed bytes must read one way only.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (err) {
    return refuse(1, `${MANIFEST_FILE} is not valid UTF-8 text`, err);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return refuse(1, `${MANIFEST_FILE} is not valid JSON: ${escapeUntrusted((err as Error).message).slice(0, 300)}`, err);
  }
  // The format names the schema; anything but format 2 is held to format 1, whose words say which formats there are.
  const format2 = typeof json === 'object' && json !== null && (json as { format?: unknown }).format === MANIFEST_FORMAT_2;
  const result = (format2 ? manifestSchema2 : manifestSchema).safeParse(json, { reportInput: true });
  if (!result.success) {
    const first = result.error.issues[0];
    const format = format2 ? 'format 2' : 'format 1';
    return refuse(1, first ? `in ${MANIFEST_FILE}, ${describeIssue(first, format)}` : `${MANIFEST_FILE} does not follow ${format}`);
  }
  const manifest: Manifest = result.data;
  const problem = manifestRuleProblem(manifest);
  if (problem) refuse(1, `in ${MANIFEST_FILE}, ${problem}`);
  return manifest;
}

/**
 * The bytes `create` writes and signs: two-space JSON and a final newline, with
 * fields in the order of bundle-format.md and absent optional fields left out.
 */
export function formatManifest(m: Manifest): Buffer {
  const ordered = {
    format: m.format,
    site: m.site,
    sequence: m.sequence,
    created: m.created,
    ...(m.expires !== undefined ? { expires: m.expires } : {}),
    ...(m.description !== undefined ? { description: m.description } : {}),
    systems: m.systems.map((s) => ({ host: s.host, toplevel: s.toplevel, action: s.action })),
    ...(m.profiles !== undefined
      ? {
          profiles: m.profiles.map((p) => ({
            host: p.host,
            profile: p.profile,
            target: p.target,
            ...(p.activate !== undefined ? { activate: p.activate } : {}),
          })),
        }
      : {}),
    paths: m.paths.map((p) => ({ path: p.path, narHash: p.narHash, narSize: p.narSize, references: [...p.references] })),
    ...(m.buildClosure !== undefined ? { buildClosure: [...m.buildClosure] } : {}),
  };
  return Buffer.from(`${JSON.stringify(ordered, null, 2)}\n`, 'utf8');
}

/** sha256 (hex) of the manifest bytes: what the site floor records (rule 3). */
export function manifestSha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
