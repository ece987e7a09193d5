// The typed contract between the faces of Airlock (Electron preload, web
// console, CLI) and the engine. Every call has a zod schema for its input and
// its output, because TypeScript types vanish at the process boundary: main
// validates what the renderer sends, and what it sends back, against these.
// Nothing but zod is imported here: no Node, no DOM, no Electron.
import { z } from 'zod';
import { apiChannels } from './channels';

/** One call: the IPC channel it travels on and the shape of both ends. */
export interface CallContract {
  readonly channel: string;
  readonly input: z.ZodType;
  readonly output: z.ZodType;
}

/** Every call, keyed by the same stable name as its channel in channels.ts. */
export const apiCalls = {
  appVersion: {
    channel: apiChannels.appVersion,
    // No arguments: the renderer invokes the channel with nothing.
    input: z.undefined(),
    output: z.string().min(1),
  },
} as const satisfies { readonly [N in keyof typeof apiChannels]: CallContract };

export type ApiCallName = keyof typeof apiCalls;
export type CallInput<N extends ApiCallName> = z.infer<(typeof apiCalls)[N]['input']>;
export type CallOutput<N extends ApiCallName> = z.infer<(typeof apiCalls)[N]['output']>;

/**
 * What the renderer sees as `window.airlock`: narrow functions grouped by
 * domain. The preload implements it over IPC; the web console will implement
 * the same shape over loopback HTTP, so the renderer cannot tell them apart.
 */
export interface AirlockApi {
  readonly app: {
    readonly version: () => Promise<CallOutput<'appVersion'>>;
  };
}

/** The engine's side of the contract: one async function per call. */
export type ApiHandlers = { readonly [N in ApiCallName]: (input: CallInput<N>) => Promise<CallOutput<N>> };

/** How a face sends one call: over IPC (preload) or over HTTP (web console). */
export type SendCall = <N extends ApiCallName>(name: N, input: CallInput<N>) => Promise<CallOutput<N>>;
