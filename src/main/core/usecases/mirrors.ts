// Site mirrors (cli.md "Site mirrors"): a plain Nix binary cache that hosts
// reach by URL, served by an existing HTTP server. Add, list and remove them
// (audited, like hosts), and publish the offline cache to one over SSH.
import { isAbsolute, normalize } from 'node:path';
import { withCacheLock } from '../cache/cache-lock';
import { appendAudit } from '../db/audit-log';
import { requireHost } from '../db/hosts';
import {
  addMirror as addMirrorRecord,
  listMirrors as listMirrorRecords,
  removeMirror as removeMirrorRecord,
  requireMirror,
  type MirrorRecord,
} from '../db/mirrors';
import { SiteRefusal } from '../db/db-errors';
import { publishToMirror, type PublishHooks, type PublishReport } from '../operations/publish-mirror';
import { remoteHostOf } from '../operations/remote-host-of';
import { InvalidHostField, validateHostName } from '../remote/validate';
import type { UseCaseContext } from './context';

export type { MirrorRecord } from '../db/mirrors';
export type { PublishHooks, PublishReport, PublishedFile, PublishProblem } from '../operations/publish-mirror';

export interface MirrorInput {
  readonly name: string;
  readonly url: string;
  readonly host?: string;
  readonly path?: string;
}

const shown = (value: string): string => JSON.stringify(value);

function validateUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    // Said below, in the same words as a wrong scheme.
  }
  if (
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.hostname === '' ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new InvalidHostField(
      'url',
      `mirror URL ${shown(text)} must be an http:// or https:// address hosts can reach, without a password, query or #fragment, e.g. http://10.0.0.5/nix-cache`,
    );
  }
  // Nix joins "<url>/<hash>.narinfo"; a trailing slash would double it.
  return text.replace(/\/+$/, '');
}

function validateMirrorPath(text: string): string {
  if (!isAbsolute(text) || /[\n\r\0]/.test(text) || text.length > 1024) {
    throw new InvalidHostField('path', `mirror folder ${shown(text)} must be an absolute path on the host, e.g. /srv/nix-cache`);
  }
  const path = normalize(text).replace(/(.)\/+$/, '$1');
  if (path === '/')
    throw new InvalidHostField('path', 'the mirror folder cannot be / itself: give a folder of its own, e.g. /srv/nix-cache');
  return path;
}

/** Stores a mirror; with a host and a folder, `publishMirror` can fill it. Refused (audited) when the name is taken. */
export function addMirror(uc: UseCaseContext, input: MirrorInput): MirrorRecord {
  const name = validateHostName(input.name);
  const url = validateUrl(input.url);
  if ((input.host === undefined) !== (input.path === undefined)) {
    throw new InvalidHostField(
      input.host === undefined ? 'host' : 'path',
      'give --host and --path together: the added host to publish to and the folder its server serves',
    );
  }
  const db = uc.siteDb();
  let target: MirrorRecord['target'];
  if (input.host !== undefined && input.path !== undefined) {
    const path = validateMirrorPath(input.path);
    const host = requireHost(db, validateHostName(input.host)).name;
    target = { host, path };
  }
  return addMirrorRecord(db, { name, url, ...(target ? { target } : {}) });
}

export function listMirrors(uc: UseCaseContext): readonly MirrorRecord[] {
  return listMirrorRecords(uc.siteDb());
}

/** Forgets a mirror; what was published stays on its host. */
export function removeMirror(uc: UseCaseContext, name: string): MirrorRecord {
  return removeMirrorRecord(uc.siteDb(), validateHostName(name));
}

export interface PublishResult extends PublishReport {
  readonly mirror: MirrorRecord;
  readonly cache: string;
}

/**
 * Copies the offline cache's contents to the mirror's folder on its host: only
 * what is missing, NARs before narinfos, resumable, each file checked on the
 * host. Holds the cache's lock (no GC or import under it) and writes
 * 'mirror.publish' to the audit log, whatever the outcome.
 */
export async function publishMirror(uc: UseCaseContext, name: string, hooks: PublishHooks = {}): Promise<PublishResult> {
  const db = uc.siteDb();
  const mirror = requireMirror(db, validateHostName(name));
  const audit = (outcome: 'ok' | 'failed' | 'refused', details: Record<string, unknown>): void =>
    void appendAudit(db, {
      action: 'mirror.publish',
      subject: mirror.name,
      outcome,
      details: { host: mirror.target?.host ?? null, path: mirror.target?.path ?? null, ...details },
    });
  try {
    if (!mirror.target) {
      throw new SiteRefusal(
        `mirror '${mirror.name}' has no host and folder to publish to: remove it with \`airlock mirror rm ${mirror.name}\` and add it again with --host HOST --path DIR, or fill ${mirror.url} by other means`,
      );
    }
    const { host: hostName, path } = mirror.target;
    const host = requireHost(db, hostName);
    const layout = await uc.cache();
    const report = await withCacheLock(layout, `mirror publish ${mirror.name}`, () =>
      publishToMirror(layout, { transport: uc.transport, dataDir: uc.dataDir, host: remoteHostOf(host), dir: path }, hooks),
    );
    audit(report.damaged.length === 0 ? 'ok' : 'failed', {
      cache: layout.root,
      copied: report.copied,
      skipped: report.skipped,
      bytes: report.bytes,
      resumed: report.resumed,
      damaged: report.damaged.length,
    });
    return { ...report, mirror, cache: layout.root };
  } catch (err) {
    audit(err instanceof SiteRefusal ? 'refused' : 'failed', { reason: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}
