// The rules of a profile entry of a format-2 manifest (bundle-format.md,
// "Format 2"): where the profile link may be, and where ACTIVATE may point.
// Both reach a shell on the host (as arguments, never as script text), so
// they are also kept free of control characters, which no real path needs.

export const PROFILES_DIR = '/nix/var/nix/profiles';
/** The NixOS system profile: what `systems` is for, never a profile entry. */
export const NIXOS_SYSTEM_PROFILE = `${PROFILES_DIR}/system`;

const CONTROL = { test: (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) };

/** Why `path` may not be a profile, in words that follow the field name, or undefined. */
export function profilePathProblem(path: string): string | undefined {
  if (!path.startsWith(`${PROFILES_DIR}/`))
    return `is not an absolute path under ${PROFILES_DIR}/ (e.g. ${PROFILES_DIR}/per-user/epics/ioc)`;
  if (CONTROL.test(path)) return 'holds a control character';
  const parts = path.slice(PROFILES_DIR.length + 1).split('/');
  if (parts.includes('..')) return "has a '..' component";
  // '.' and empty components would let one profile go by several names (…/profiles/./system).
  if (parts.some((p) => p === '' || p === '.')) return "has an empty or '.' component (write the profile's one plain path)";
  if (path === NIXOS_SYSTEM_PROFILE) return `is the NixOS system profile, which the bundle's systems carry, never a profile entry`;
  if (/-\d+-link$/.test(parts.at(-1) as string)) return 'names a generation link (…-N-link) of a profile, not a profile';
  return undefined;
}

/** Why `path` may not be an ACTIVATE path (relative, inside the target), or undefined. */
export function activatePathProblem(path: string): string | undefined {
  if (path === '') return 'is empty (leave activate out when nothing is to be run)';
  if (path.startsWith('/')) return 'is an absolute path; it must be relative to the target, e.g. bin/activate';
  if (CONTROL.test(path)) return 'holds a control character';
  if (path.split('/').includes('..')) return "has a '..' component (it must stay inside the target)";
  return undefined;
}
