// The activation defaults and what counts as a host getting there, without
// the engine behind them: the command line shows the defaults in its help and
// judges outcomes, and its help must load no SQLite or SSH (issue 15).
export {
  DEFAULT_ACTIVATION_TIMEOUT_SECONDS,
  DEFAULT_CONFIRM_TIMEOUT_SECONDS,
  DEFAULT_REBOOT_WAIT_SECONDS,
} from '../operations/activation-defaults';
export { isSuccess, type HostEvent, type HostOutcome } from '../operations/host-outcome';
