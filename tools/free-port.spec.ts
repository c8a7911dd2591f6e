import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort } from './free-port.mjs';

describe('freePort (ports for the apps a test or the benchmark starts)', () => {
  const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

  it('hands out ports below the ephemeral range, where outgoing connections never take one, each once', async () => {
    const ports = [];
    for (let n = 0; n < 50; n++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(50);
    for (const port of ports) expect(port).toBeLessThan(ephemeralStart);
  });

  it('hands out a port an app can then listen on, on every address', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((listening, failed) => {
      server.once('error', failed);
      server.listen({ port, host: '0.0.0.0' }, listening);
    });
    await new Promise((closed) => server.close(closed));
  });
});
