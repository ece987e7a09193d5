// Airlock's version, for `airlock --version`: its own module, so printing it
// loads none of the engine (context.ts would bring SQLite and SSH).
export { packageVersion as airlockVersion } from '../app-version';
