// Reads back the packaging configuration: electron-builder.yml through
// electron-builder's own loader and schema, the icons, and the Electron fuses,
// which are also flipped for real on a stand-in binary by the afterPack hook.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// electron-builder's config loader and validator (app-builder-lib and
// builder-util come with electron-builder), so this reads exactly what it reads.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire, type FuseConfig } from '@electron/fuses';
import { tempDir } from '../helpers/tmp';
import fuses from '../../scripts/fuses.json';

const root = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

interface FakeAfterPackContext {
  readonly electronPlatformName: string;
  readonly packager: { readonly addElectronFuses: (context: FakeAfterPackContext, config: FuseConfig) => Promise<number> };
}
const { afterPack } = require('../../scripts/after-pack.cjs') as { afterPack: (context: FakeAfterPackContext) => Promise<void> };

let loaded: Promise<Configuration> | undefined;
/** Loaded and validated once per file: the schema validator takes seconds to compile. */
function loadBuilderConfig(): Promise<Configuration> {
  loaded ??= getConfig(root, null, null).then(async (config) => {
    await validateConfiguration(config, new DebugLogger(false));
    return config;
  });
  return loaded;
}

function targetNames(target: unknown): string[] {
  const list: unknown[] = Array.isArray(target) ? target : [target];
  return list.map((entry) => (typeof entry === 'string' ? entry : (entry as { target: string }).target));
}

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation and names the app', async () => {
    const config = await loadBuilderConfig();
    expect(config.appId).toBe('org.airlock.app');
    expect(config.productName).toBe('Airlock');
    expect(config.asar).toBe(true);
    // Air-gapped: no publisher, so no updater ever reaches out.
    expect(config.publish).toBeNull();
  });

  it('packs only the built bundles', async () => {
    const config = await loadBuilderConfig();
    const files = (config.files as ReadonlyArray<string | { filter: string[] }>).flatMap((entry) =>
      typeof entry === 'string' ? [entry] : entry.filter,
    );
    expect(files).toEqual(['out/**']);
  });

  it('builds AppImage and deb on Linux, NSIS on Windows, dmg on macOS', async () => {
    const config = await loadBuilderConfig();
    expect(targetNames(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
  });

  it('takes its icons from assets/, which hold a 512×512 PNG and the SVG source', async () => {
    const config = await loadBuilderConfig();
    for (const icon of [config.linux?.icon, config.win?.icon, config.mac?.icon]) {
      expect(icon).toMatch(/^assets\//);
      expect(existsSync(join(root, icon as string))).toBe(true);
    }
    expect(pngSize(join(root, 'assets/icon.png'))).toEqual({ width: 512, height: 512 });
    expect(readFileSync(join(root, 'assets/icon.svg'), 'utf8')).toMatch(/<svg[^>]*viewBox="0 0 512 512"/);
  });

  it('runs the fuse hook after packing', async () => {
    const config = await loadBuilderConfig();
    expect(config.afterPack).toBe('./scripts/after-pack.cjs');
    expect(existsSync(join(root, 'scripts/after-pack.cjs'))).toBe(true);
  });
});

describe('Electron fuses', () => {
  const expected: ReadonlyArray<readonly [keyof typeof FuseV1Options, boolean]> = [
    ['RunAsNode', false],
    ['EnableNodeOptionsEnvironmentVariable', false],
    ['EnableNodeCliInspectArguments', false],
    ['EnableEmbeddedAsarIntegrityValidation', true],
    ['OnlyLoadAppFromAsar', true],
    ['GrantFileProtocolExtraPrivileges', false],
  ];

  it.each(expected)('scripts/fuses.json sets %s to %s', (name, value) => {
    expect((fuses as Record<string, unknown>)[name]).toBe(value);
  });

  it('names only fuses @electron/fuses knows, with boolean values', () => {
    for (const [name, value] of Object.entries(fuses)) {
      expect(typeof FuseV1Options[name as keyof typeof FuseV1Options], name).toBe('number');
      expect(typeof value, name).toBe('boolean');
    }
  });

  it('are flipped by the afterPack hook in a binary carrying the fuse wire', async () => {
    // A stand-in for the Electron executable: the sentinel, wire version 1, the
    // wire length, then one byte per fuse as Electron ships them ('1' on, '0' off).
    const shipped = '10110001';
    const binary = join(tempDir(), 'airlock');
    writeFileSync(
      binary,
      Buffer.concat([
        Buffer.from('ELF…dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'),
        Buffer.from([1, shipped.length]),
        Buffer.from(shipped),
        Buffer.from('…rest'),
      ]),
    );

    await afterPack({
      electronPlatformName: 'linux',
      packager: { addElectronFuses: (_context, config) => flipFuses(binary, config) },
    });

    const wire = await getCurrentFuseWire(binary);
    expect(wire.version).toBe(FuseVersion.V1);
    for (const [name, value] of expected) {
      expect(wire[FuseV1Options[name]], name).toBe((value ? '1' : '0').charCodeAt(0));
    }
    // Fuses not in the list keep what Electron shipped.
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe('0'.charCodeAt(0));
  });
});
