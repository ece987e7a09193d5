// The API over the web console's HTTP, for a browser (no preload there). The
// token arrives in the URL's #fragment, is kept for this tab only, and is taken
// out of the address bar so it is not left on screen or in history.
import type { AirlockApi, ApiCallName, CallInput, CallOutput } from '../../../shared/api';
import { unwrapReply } from '../../../shared/api-error';
import { bindApi } from '../../../shared/bind-api';
import { createEventSubscriber } from './event-stream';

const TOKEN_KEY = 'airlock-console-token';

function takeToken(): string | undefined {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function createHttpApi(): AirlockApi | undefined {
  const token = takeToken();
  if (token === undefined) return undefined;
  async function send<N extends ApiCallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
    const res = await fetch(`/api/call/${name}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ input }),
    });
    // { output } or { error: { code, message, details } }: a refusal throws an ApiError with its code.
    return unwrapReply<CallOutput<N>>(await res.json().catch(() => undefined));
  }
  return bindApi(send, createEventSubscriber(token));
}
