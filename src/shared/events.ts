// Everything the engine tells the faces without being asked, with one schema
// list for both transports: IPC in Electron, the server-sent event stream in
// the web console. Each event is a discriminated union member on `type`.
import { z } from 'zod';
import { operationView } from './schemas/deploy';
import { hostProbe } from './schemas/hosts';
import { jobView } from './schemas/jobs';
import { medium } from './schemas/media';

export const airlockEvent = z.discriminatedUnion('type', [
  /** A long job moved on, or ended (status is then no longer 'running'). */
  z.object({ type: z.literal('job'), job: jobView }),
  /** A deploy, switch or rollback moved on (phase, bytes, paths per host), or ended. */
  z.object({ type: z.literal('operation'), operation: operationView }),
  /** The removable media mounted now, sent whenever the set changes. */
  z.object({ type: z.literal('media'), media: z.array(medium) }),
  /** These hosts are being probed now; their 'probes' event follows. */
  z.object({ type: z.literal('probing'), names: z.array(z.string()) }),
  /** Fresh probes of some or all hosts (the periodic probe, or one asked for). */
  z.object({ type: z.literal('probes'), probes: z.array(hostProbe) }),
  /** Something was written to the audit log; screens showing it reload. */
  z.object({ type: z.literal('audit'), id: z.number().int() }),
  /** Hosts, the site or its trust changed; screens showing them reload. */
  z.object({ type: z.literal('changed'), what: z.enum(['hosts', 'site', 'cache', 'settings']) }),
]);
export type AirlockEvent = z.infer<typeof airlockEvent>;

export type EventListener = (event: AirlockEvent) => void;

/** A source of events: subscribe returns the way to stop listening. */
export interface EventFeed {
  subscribe(listener: EventListener): () => void;
}
