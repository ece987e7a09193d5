// The resolve hook behind record-modules.mjs (runs on Node's loader thread).
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.AIRLOCK_RECORD_MODULES) appendFileSync(process.env.AIRLOCK_RECORD_MODULES, `${result.url}\n`);
  return result;
}
