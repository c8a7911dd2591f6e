import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { drivePaced, placementRequests } from './load.mjs';

/** A local server answering every request with 201 after `delayMs`; it notes each Idempotency-Key and when it arrived. */
async function slowServer(delayMs: number) {
  const arrivals: Array<{ key: string; at: number }> = [];
  const server = createServer((request, response) => {
    arrivals.push({ key: String(request.headers['idempotency-key']), at: performance.now() });
    request.resume();
    request.on('end', () =>
      setTimeout(() => {
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end('{"id":"placed"}');
      }, delayMs),
    );
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

const requests = () => placementRequests({ bodies: [{ lines: [] }], customers: [{ token: 't' }], keyPrefix: 'k' });

describe("drivePaced (bench:e2e's fixed rates: requests evenly spaced, latency from when each was due)", () => {
  it('sends one request every 1/rate s, each once, not a burst at the start of the second', async () => {
    const server = await slowServer(0);
    try {
      const result = await drivePaced({ urls: [server.url], connections: 50, seconds: 1, rate: 40, requests: requests() });
      expect(result).toMatchObject({ ok: 40, unsent: 0, errors: 0, non2xx: 0, keptUp: true, achievedRps: 40 });
      expect(new Set(server.arrivals.map((a) => a.key))).toEqual(new Set(Array.from({ length: 40 }, (_, n) => `k-${n}`)));
      // Request n is due at n × 25 ms and never leaves before: the 21st came at least 475 ms after the first.
      const at = new Map(server.arrivals.map((a) => [a.key, a.at]));
      expect(at.get('k-20')! - at.get('k-0')!).toBeGreaterThanOrEqual(475);
    } finally {
      await server.close();
    }
  });

  it('counts the wait for a free connection in the latency, and what never left as unsent: the rate was not kept', async () => {
    // One connection and 300 ms an answer: at most four of the twenty due in the second can leave.
    const server = await slowServer(300);
    try {
      const result = await drivePaced({
        urls: [server.url],
        connections: 1,
        seconds: 1,
        rate: 20,
        requests: requests(),
        timeoutSeconds: 10,
      });
      expect(result.keptUp).toBe(false);
      expect(result.ok).toBeLessThanOrEqual(4);
      expect(result.ok + result.unsent).toBe(20);
      expect(server.arrivals).toHaveLength(result.ok);
      // The second was due at 50 ms, left when the first was answered (300 ms) and was answered 300 ms later.
      expect(result.latencyMs.max).toBeGreaterThanOrEqual(550);
    } finally {
      await server.close();
    }
  });
});
