// How long an activation may take and how long a host waits for Airlock's
// confirmation before it restores its previous generation. Their own module,
// so the command line's help can show them without loading the engine.
export const DEFAULT_CONFIRM_TIMEOUT_SECONDS = 60;
export const DEFAULT_ACTIVATION_TIMEOUT_SECONDS = 600;

/** How long `reboot` waits for a host to come back with a new boot id. */
export const DEFAULT_REBOOT_WAIT_SECONDS = 300;
