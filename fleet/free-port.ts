// A free loopback port, asked of the kernel (listen on port 0, then close).
// sshd binds it moments later; SO_REUSEADDR on sshd's side covers TIME_WAIT.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port from the kernel'));
      server.close(() => resolve(address.port));
    });
  });
}
