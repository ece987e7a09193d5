// The audit row names the OS user even where os.userInfo() throws (a uid with
// no passwd entry, common in containers).
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('node:os', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:os')>()),
  userInfo: () => {
    throw Object.assign(new Error('uv_os_get_passwd returned ENOENT'), { code: 'ENOENT' });
  },
}));

const { osUserName } = await import('../../../../src/main/core/db/store-env');

afterEach(() => vi.unstubAllEnvs());

describe('osUserName when os.userInfo() throws', () => {
  it('falls back to $USER, then $LOGNAME, then the uid', () => {
    vi.stubEnv('USER', 'alice');
    expect(osUserName()).toBe('alice');
    vi.stubEnv('USER', '');
    vi.stubEnv('LOGNAME', 'bob');
    expect(osUserName()).toBe('bob');
    vi.stubEnv('LOGNAME', '');
    vi.stubEnv('USERNAME', '');
    expect(osUserName()).toBe(`uid:${process.getuid?.()}`);
  });
});
