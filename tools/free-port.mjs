// Ports for the processes a test or the benchmark starts and must reach. Asking the kernel for port
// 0 hands out a port of its ephemeral range, which outgoing connections draw from too: between
// that port being closed and an app binding it (seconds later, once the app has started), a
// connection to PostgreSQL, NATS or Redis could take it (seen: a gateway's management port,
// EADDRINUSE, in an e2e run). These ports come from below that range, which the kernel never
// hands out by itself; each is checked free on every address, and one process never hands out
// the same port twice.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 20_000;
const handedOut = new Set();

/** The first port of the kernel's ephemeral range (Linux), or the usual 32768. */
function ephemeralRangeStart() {
  try {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(start) && start > 0 ? start : 32_768;
  } catch {
    return 32_768;
  }
}

function canListen(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port nobody listens on, below the ephemeral range (within it only when the range leaves no room below). */
export async function freePort() {
  const below = ephemeralRangeStart() - 1;
  const [low, high] = below - LOWEST >= 1_000 ? [LOWEST, below] : [1_024, 65_535];
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (handedOut.has(port) || !(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`No free port found between ${low} and ${high}`);
}
