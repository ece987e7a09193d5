// The desktop app's side of the error shape: main answers each IPC call with a
// CallReply (an Error crossing contextBridge would keep its message only), and
// the page turns a reply with an error back into an ApiError with its code.
import { describe, expect, it } from 'vitest';
import type { SendCall } from '../../src/shared/api';
import { ApiError, type CallReply } from '../../src/shared/api-error';
import { bindApi, unwrapReplies, type ReplyApi } from '../../src/shared/bind-api';

const replies: Record<string, CallReply<unknown>> = {
  appVersion: { output: '1.2.3' },
  trustThreshold: {
    error: { code: 'refused', message: 'the threshold must be a whole number from 1 to 1 (the number of bundle keys), not 0' },
  },
  hostsRemove: { error: { code: 'busy', message: 'h1 is busy', details: { host: 'h1' } } },
};
const send = ((name: string) => Promise.resolve(replies[name] ?? { nonsense: true })) as unknown as SendCall;
const api = unwrapReplies(bindApi(send, () => () => undefined) as unknown as ReplyApi);

describe('call replies over IPC', () => {
  it('gives the output of a call that succeeded', async () => {
    expect(await api.app.version()).toBe('1.2.3');
  });

  it('throws an ApiError carrying the code, words and details of a refusal', async () => {
    await expect(api.trust.setThreshold({ threshold: 0 })).rejects.toMatchObject({
      name: 'ApiError',
      code: 'refused',
      message: expect.stringMatching(/^the threshold must be/),
    });
    const busy = await api.hosts.remove({ name: 'h1' }).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(ApiError);
    expect(busy).toMatchObject({ code: 'busy', details: { host: 'h1' } });
  });

  it('treats anything that is not a reply as a crash, in generic words', async () => {
    await expect(api.site.show()).rejects.toMatchObject({ code: 'internal' });
  });

  it('leaves the event subscription as it is', () => {
    expect(typeof api.events.subscribe(() => undefined)).toBe('function');
  });
});
