// The floor (bundle-format rules 3 and 4) as derived from the accepted bundles,
// and recordAcceptedBundle re-checking it under the write lock.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listAcceptedBundles, recordAcceptedBundle, siteFloor } from '../../../../src/main/core/db/accepted-bundles';
import { listAudit } from '../../../../src/main/core/db/audit-log';
import { openDatabase } from '../../../../src/main/core/db/open-database';
import { initSite } from '../../../../src/main/core/db/site-store';
import { keyPair, openTempDatabase, tickingEnv } from '../../../helpers/site-db';
import { tempDir } from '../../../helpers/tmp';

const tmp = tempDir('airlock-accepted-');
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

function newSite(): ReturnType<typeof openTempDatabase> {
  const opened = openTempDatabase(tmp);
  const k = keyPair('build-1').publicKey;
  initSite(opened.db, { name: 'accel-ctl', bundleKeys: [k], threshold: 1, nixKeys: [k] }, tickingEnv());
  return opened;
}

describe('siteFloor and recordAcceptedBundle', () => {
  it('starts at 0 and moves with each accepted bundle', () => {
    const { db } = newSite();
    expect(siteFloor(db)).toEqual({ sequence: 0 });
    const env = tickingEnv('2026-12-01T00:00:00Z');
    expect(
      recordAcceptedBundle(db, { site: 'accel-ctl', sequence: 41, created: '2026-11-20T10:00:00Z', manifestSha256: sha('m41') }, env),
    ).toBe('accepted');
    // A later sequence sealed with an earlier clock: latestCreated stays the later time,
    // compared as times, not text ('…10:30:00.5Z' sorts before '…10:30:00Z' as text).
    recordAcceptedBundle(
      db,
      {
        site: 'accel-ctl',
        sequence: 42,
        created: '2026-11-21T10:30:00.5+00:00',
        expires: '2027-02-18T00:00:00Z',
        manifestSha256: sha('m42'),
      },
      env,
    );
    recordAcceptedBundle(db, { site: 'accel-ctl', sequence: 43, created: '2026-11-21T10:30:00Z', manifestSha256: sha('m43') }, env);
    expect(siteFloor(db)).toEqual({
      sequence: 43,
      manifestSha256: sha('m43'),
      latestCreated: '2026-11-21T10:30:00.5+00:00',
      latestCreatedSequence: 42,
    });
    expect(listAcceptedBundles(db).map((b) => [b.sequence, b.expires, b.acceptedAt])).toEqual([
      [41, undefined, '2026-12-01T00:00:00.000Z'],
      [42, '2027-02-18T00:00:00Z', '2026-12-01T00:00:01.000Z'],
      [43, undefined, '2026-12-01T00:00:02.000Z'],
    ]);
    db.close();
  });

  it('accepts the same manifest at the floor again without change, and refuses anything else not above it', () => {
    const { db } = newSite();
    recordAcceptedBundle(db, { site: 'accel-ctl', sequence: 5, created: '2026-11-20T10:00:00Z', manifestSha256: sha('m5') });
    expect(recordAcceptedBundle(db, { site: 'accel-ctl', sequence: 5, created: '2026-11-20T10:00:00Z', manifestSha256: sha('m5') })).toBe(
      'already-accepted',
    );
    expect(() =>
      recordAcceptedBundle(db, { site: 'accel-ctl', sequence: 5, created: '2026-11-20T10:00:00Z', manifestSha256: sha('other') }),
    ).toThrow(/already accepted a different bundle with sequence 5/);
    expect(() =>
      recordAcceptedBundle(db, { site: 'accel-ctl', sequence: 4, created: '2026-11-20T10:00:00Z', manifestSha256: sha('m4') }),
    ).toThrow(/below the site's floor 5/);
    expect(() =>
      recordAcceptedBundle(db, { site: 'other', sequence: 9, created: '2026-11-20T10:00:00Z', manifestSha256: sha('m9') }),
    ).toThrow(/for site 'other'/);
    expect(() => recordAcceptedBundle(db, { site: 'accel-ctl', sequence: 9, created: 'yesterday', manifestSha256: sha('m9') })).toThrow(
      /RFC 3339/,
    );
    expect(() =>
      recordAcceptedBundle(db, { site: 'accel-ctl', sequence: 2 ** 53, created: '2026-11-20T10:00:00Z', manifestSha256: sha('m') }),
    ).toThrow(/2\^53-1/);
    expect(siteFloor(db)).toEqual({
      sequence: 5,
      manifestSha256: sha('m5'),
      latestCreated: '2026-11-20T10:00:00Z',
      latestCreatedSequence: 5,
    });
    expect(listAcceptedBundles(db)).toHaveLength(1);
    expect(
      listAudit(db)
        .slice(1)
        .map((r) => `${r.subject}:${r.outcome}:${(r.details as { outcome?: string }).outcome ?? '-'}`),
    ).toEqual([
      'accel-ctl-5:ok:accepted',
      'accel-ctl-5:ok:already-accepted',
      'accel-ctl-5:refused:-',
      'accel-ctl-4:refused:-',
      'other-9:refused:-',
      'accel-ctl-9:refused:-',
      `accel-ctl-${2 ** 53}:refused:-`,
    ]);
    db.close();
  });

  it('is seen at once by another connection (another Airlock process)', () => {
    const { db, dataDir } = newSite();
    const other = openDatabase(dataDir);
    recordAcceptedBundle(db, { site: 'accel-ctl', sequence: 1, created: '2026-11-20T10:00:00Z', manifestSha256: sha('m1') });
    expect(() =>
      recordAcceptedBundle(other, { site: 'accel-ctl', sequence: 1, created: '2026-11-20T10:00:00Z', manifestSha256: sha('x') }),
    ).toThrow(/different bundle/);
    expect(siteFloor(other).sequence).toBe(1);
    other.close();
    db.close();
  });
});
