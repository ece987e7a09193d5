// The web console's event stream: server-sent events over one long GET, each
// event validated against the same schema list the Electron IPC uses. The page
// reads it with fetch (not EventSource), so the token travels in the
// Authorization header and never in a URL that could be logged.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { airlockEvent, type EventFeed } from '../../shared/events';
import { appResponseHeaders } from '../security-settings';

/** A comment line now and then keeps proxies and idle timeouts from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

export function streamEvents(feed: EventFeed, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    ...appResponseHeaders,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  // Tells the page the stream is open, so it knows events from now on will reach it.
  res.write(': open\n\n');
  const unsubscribe = feed.subscribe((event) => {
    res.write(`data: ${JSON.stringify(airlockEvent.parse(event))}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const end = (): void => {
    clearInterval(heartbeat);
    unsubscribe();
  };
  req.once('close', end);
  res.once('close', end);
}
