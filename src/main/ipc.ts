// The one way to answer the renderer. Each handler is bound to a call of the
// contract in src/shared/api.ts: the sender must be a frame showing our own
// app:// page, the input and the output are validated against the call's zod
// schemas, and a channel can have only one handler.
import { ipcMain, webContents, type IpcMainInvokeEvent } from 'electron';
import { apiCalls, type AirlockService, type ApiCallName, type ApiHandlers, type CallInput, type CallOutput } from '../shared/api';
import { EVENT_CHANNEL } from '../shared/channels';
import { airlockEvent } from '../shared/events';
import { isTrustedSenderUrl } from './security-settings';
import type { CallReply } from '../shared/api-error';
import { apiErrorOf } from './core/refusal-error';
import { invalidInput } from './core/invalid-input';

export type CallHandler<N extends ApiCallName> = (input: CallInput<N>) => CallOutput<N> | Promise<CallOutput<N>>;

const registered = new Set<string>();

function assertTrustedSender(event: IpcMainInvokeEvent, channel: string): void {
  // senderFrame is null when the frame navigated away or was destroyed mid-call.
  const url = event.senderFrame?.url;
  if (!isTrustedSenderUrl(url)) {
    throw new Error(`Refused ${channel} from untrusted frame ${url ?? '(gone)'}`);
  }
}

export function handleCall<N extends ApiCallName>(name: N, handler: CallHandler<N>): void {
  const contract = apiCalls[name];
  if (registered.has(contract.channel)) {
    throw new Error(`A handler for ${contract.channel} is already registered`);
  }
  registered.add(contract.channel);
  ipcMain.handle(contract.channel, async (event, ...args: unknown[]) => {
    assertTrustedSender(event, contract.channel);
    // Every call takes at most one argument; anything more is not ours.
    if (args.length > 1) throw new Error(`${contract.channel} takes at most one argument`);
    // Answered as a CallReply, never a rejection: Electron would keep only the
    // message of a thrown error, and the page needs the code too.
    const parsed = contract.input.safeParse(args[0]);
    if (!parsed.success) return { error: invalidInput(name, parsed.error) } satisfies CallReply<never>;
    try {
      // Validating our own answer keeps the contract honest in both directions.
      return { output: contract.output.parse(await handler(parsed.data as CallInput<N>)) } satisfies CallReply<unknown>;
    } catch (err) {
      const error = apiErrorOf(err);
      if (error.code === 'internal') console.error(`${contract.channel} failed:`, err);
      return { error } satisfies CallReply<never>;
    }
  });
}

/** Registers the engine's handler for every call of the contract. */
export function handleAllCalls(handlers: ApiHandlers): void {
  for (const name of Object.keys(apiCalls) as ApiCallName[]) {
    handleCall(name, handlers[name] as CallHandler<typeof name>);
  }
}

/**
 * Sends every engine event to every page of ours, validated against the event
 * schema list first (the same one the web console's stream uses). Returns the
 * way to stop. The service's background work runs while this is subscribed.
 */
export function forwardEvents(service: AirlockService): () => void {
  return service.events.subscribe((event) => {
    const checked = airlockEvent.parse(event);
    for (const contents of webContents.getAllWebContents()) {
      if (!contents.isDestroyed() && isTrustedSenderUrl(contents.getURL())) contents.send(EVENT_CHANNEL, checked);
    }
  });
}
