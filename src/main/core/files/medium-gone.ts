// The errno codes a medium gives once it is unplugged or failing: reads and
// writes on it fail with these rather than with anything about the data.
export const MEDIUM_GONE_CODES: ReadonlySet<string> = new Set(['EIO', 'ENODEV', 'ENOTCONN', 'ENXIO', 'ESTALE', 'EROFS']);
