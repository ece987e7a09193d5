// Which station (laptop, headless deploy station) made a change: a name kept
// in the data folder, made on first use. It travels with every record a host
// keeps of Airlock's changes and with the host-side lock, so an operator
// reading either on another station can tell who it was. The machine's name
// comes first so people recognise it; the random tail keeps two data folders
// on one machine (or two machines both called "laptop") apart.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const STATION_ID_FILE = 'station-id';
const VALID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** True for a well-formed station id (what hosts are asked to store and echo back). */
export function isStationId(text: string): boolean {
  return VALID.test(text);
}

function newStationId(): string {
  const machine = hostname()
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${machine || 'station'}-${randomBytes(4).toString('hex')}`;
}

function readStationId(file: string): string {
  const id = readFileSync(file, 'utf8').trim();
  if (isStationId(id)) return id;
  throw new Error(`${file} does not hold a station id (${JSON.stringify(id.slice(0, 80))}); delete it to make a new one`);
}

/**
 * This data folder's station id, made the first time it is asked for. Written
 * whole and linked into place, so two processes starting at once agree on one.
 */
export function stationId(dataDir: string): string {
  const file = join(dataDir, STATION_ID_FILE);
  if (existsSync(file)) return readStationId(file);
  mkdirSync(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${newStationId()}\n`, { mode: 0o644 });
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  return readStationId(file);
}
