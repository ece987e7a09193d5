// electron-builder afterPack hook: flips the Electron fuses of scripts/fuses.json
// into the packaged binary. Fuses are compiled-in switches that no argument or
// environment variable can turn back on, so a packaged Airlock cannot be driven
// as a bare Node.js (RunAsNode, NODE_OPTIONS, --inspect) to run code with the
// app's access to the site's keys and hosts, and only runs an app.asar whose
// integrity matches the hash embedded at build time.
//
// GrantFileProtocolExtraPrivileges is off too: pages come from app://, so
// file:// needs none of its legacy powers.
//
// The fuse list is JSON so test/main/packaging.test.ts reads back exactly what
// this hook applies. electron-builder signs after this hook, so the signature
// covers the flipped binary.
'use strict';

const fuses = require('./fuses.json');

/** @param {import('app-builder-lib').AfterPackContext} context */
async function afterPack(context) {
  let electronFuses;
  try {
    // Comes with electron-builder (app-builder-lib depends on it).
    electronFuses = require('@electron/fuses');
  } catch (error) {
    // Fail closed: a release with default fuses would silently lose these protections.
    throw new Error('@electron/fuses is not installed; refusing to package Airlock without flipping its fuses', { cause: error });
  }
  const { FuseVersion, FuseV1Options } = electronFuses;
  const config = {
    version: FuseVersion.V1,
    // Flipping fuses invalidates the ad-hoc signature macOS (arm64) requires; re-sign ad hoc.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas',
  };
  for (const [name, enabled] of Object.entries(fuses)) {
    const index = FuseV1Options[name];
    if (typeof index !== 'number' || typeof enabled !== 'boolean') {
      throw new Error(`scripts/fuses.json: ${name} is not a known fuse with a boolean value`);
    }
    config[index] = enabled;
  }
  // electron-builder's own helper finds the executable on every platform.
  await context.packager.addElectronFuses(context, config);
}

module.exports = { afterPack };
