// Loaded with `node --import`: records every module URL Node resolves (ESM
// imports, and packages imported from them) into the file $AIRLOCK_RECORD_MODULES,
// so a test can say what a command loaded.
import { register } from 'node:module';

register('./record-modules-hooks.mjs', import.meta.url);
