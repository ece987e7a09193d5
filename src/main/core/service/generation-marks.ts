// The Host screen's bad marks: which generations are marked bad, and marking
// or unmarking one (the same use cases as `airlock generation mark-bad`).
// A mark changes the host's last known good, so the hosts are announced.
import type { ApiHandlers } from '../../../shared/api';
import type { ServiceContext } from './context';
import { listBadMarks, markGenerationBad, unmarkGenerationBad } from '../usecases/generation-marks';

type MarkHandlers = Pick<ApiHandlers, 'hostsBadMarks' | 'hostsMarkBad' | 'hostsUnmarkBad'>;

export function generationMarkHandlers(ctx: ServiceContext): MarkHandlers {
  const announce = (): void => ctx.events.emit({ type: 'changed', what: 'hosts' });
  return {
    hostsBadMarks: async ({ name }) =>
      listBadMarks(ctx.uc, name).map(({ host, generation, toplevel, reason, operator, at }) => ({
        host,
        generation,
        toplevel,
        reason,
        operator,
        at,
      })),
    hostsMarkBad: async ({ name, generation, reason }) => {
      const marked = await markGenerationBad(ctx.uc, name, generation, reason);
      announce();
      const [mark] = listBadMarks(ctx.uc, marked.host);
      return { ...marked, operator: mark?.operator ?? '', at: mark?.at ?? new Date().toISOString() };
    },
    hostsUnmarkBad: async ({ name, generation }) => {
      const done = unmarkGenerationBad(ctx.uc, name, generation);
      announce();
      return done;
    },
  };
}
