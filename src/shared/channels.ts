// IPC channel names of the calls in api.ts, kept apart from the zod schemas so
// the sandboxed preload can relay calls without bundling zod into every page.
// Namespaced by domain (`app:`, later `hosts:`, `cache:`…).
export const apiChannels = {
  appVersion: 'app:version',
} as const;
