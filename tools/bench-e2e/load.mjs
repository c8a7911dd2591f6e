// The load placing orders, one setting for the raw baseline and the system alike. Each request
// carries a fresh Idempotency-Key, one of the customers' tokens and one of the prepared order
// bodies, in turn. As fast as it goes: autocannon. At a fixed rate: requests paced evenly (below),
// or autocannon's per-second bursts when asked (`--arrivals bunched`).
import autocannon from 'autocannon';
import { Agent, request as httpRequest } from 'node:http';

/** The gateway's own deadline for a placement (orders.controller.ts): a slower answer is a timeout, not an order. */
const REQUEST_TIMEOUT_SECONDS = 30;

/**
 * autocannon's `requests` for POST /v1/orders. onPlaced(orderId, atMs) is told every order a
 * 201 answered (the pipeline follows them).
 */
export function placementRequests({ bodies, customers, keyPrefix, onPlaced }) {
  const encoded = bodies.map((body) => JSON.stringify(body));
  let sent = 0;
  const request = {
    method: 'POST',
    path: '/v1/orders',
    setupRequest(req) {
      const n = sent++;
      return {
        ...req,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${customers[n % customers.length].token}`,
          'idempotency-key': `${keyPrefix}-${n}`,
        },
        body: encoded[n % encoded.length],
      };
    },
  };
  if (onPlaced) {
    request.onResponse = (status, body) => {
      if (status !== 201) return;
      try {
        onPlaced(JSON.parse(body).id, Date.now());
      } catch {
        // a 201 without a JSON id would be a bug of the API, and is counted as a placement without a follow-up
      }
    };
  }
  return [request];
}

/**
 * One run. rate undefined: as fast as `connections` allow (autocannon). With a rate, requests are
 * paced evenly (drivePaced) unless `arrivals` is 'bunched': autocannon's own rate, where every
 * connection sends its share of each second at the start of the second. Whether the rate was kept
 * says whether the figure is that of the asked rate.
 */
export async function drive({ urls, connections, seconds, rate, requests, arrivals = 'paced' }) {
  if (rate && arrivals === 'paced') return drivePaced({ urls, connections, seconds, rate, requests });
  const result = await autocannon({
    url: urls,
    connections,
    duration: seconds,
    timeout: REQUEST_TIMEOUT_SECONDS,
    requests,
    ...(rate ? { overallRate: rate, ignoreCoordinatedOmission: true } : {}),
  });
  const ok = result['2xx'];
  const achievedRps = round(ok / result.duration);
  return {
    targetRate: rate ?? null,
    arrivals: rate ? 'bunched' : null,
    connections: rate && rate < connections ? rate : connections,
    seconds: round(result.duration),
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count])),
    achievedRps,
    keptUp: rate ? achievedRps >= rate * 0.95 && result.non2xx === 0 && result.errors === 0 : null,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: round(result.latency.mean),
    },
  };
}

/**
 * Requests at a steady rate, one every 1/rate s (an open model: when a request is due it is sent,
 * whatever the answers before it), on at most `connections` keep-alive connections; a request due
 * while all of them wait for answers waits for the next free one. Latency runs from when a request
 * was due, not when it left, so a system that falls behind shows it (no coordinated omission).
 * Requests still waiting for a connection when the time is up were never sent (`unsent`).
 * autocannon cannot pace: its rate lets each connection send its share of each second at once, a
 * burst of `connections` requests at every second, and its latency is then that of the burst.
 */
export async function drivePaced({
  urls,
  connections,
  seconds,
  rate,
  requests: [request],
  timeoutSeconds = REQUEST_TIMEOUT_SECONDS,
}) {
  const targets = urls.map((url) => ({ url: new URL(url), agent: new Agent({ keepAlive: true, maxSockets: connections }) }));
  const latencies = [];
  const lateness = [];
  const statusCodes = {};
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let inFlight = 0;
  let sent = 0;
  const waiting = [];
  let done;
  const drained = new Promise((resolve) => (done = resolve));
  const start = performance.now();
  const end = start + seconds * 1000;
  let stopped = false;

  const send = (due) => {
    const n = sent++;
    const { headers, body } = request.setupRequest({ method: request.method, path: request.path });
    const { url, agent } = targets[n % targets.length];
    inFlight++;
    lateness.push(performance.now() - due);
    const finish = (outcome) => {
      inFlight--;
      if (outcome) outcome();
      if (waiting.length > 0 && !stopped) send(waiting.shift());
      else if (stopped && inFlight === 0) done();
    };
    const req = httpRequest(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          finish(() => {
            latencies.push(performance.now() - due);
            const status = response.statusCode;
            statusCodes[status] = (statusCodes[status] ?? 0) + 1;
            if (status >= 200 && status < 300) ok++;
            else non2xx++;
            request.onResponse?.(status, Buffer.concat(chunks).toString('utf8'));
          }),
        );
        response.on('error', () => finish(() => errors++));
      },
    );
    req.setTimeout(timeoutSeconds * 1000, () => {
      timeouts++;
      req.destroy(new Error('timeout'));
    });
    req.on('error', () => finish(() => errors++));
    req.end(body);
  };

  let next = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (start + (next * 1000) / rate <= Math.min(now, end - 1e-9)) {
        const due = start + (next++ * 1000) / rate;
        if (inFlight < connections) send(due);
        else waiting.push(due);
      }
      const nextDue = start + (next * 1000) / rate;
      if (nextDue >= end) return resolve();
      setTimeout(tick, Math.max(0, nextDue - performance.now()));
    };
    tick();
  });
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, end - performance.now())));
  stopped = true;
  const unsent = waiting.splice(0).length;
  if (inFlight > 0) await drained;
  for (const { agent } of targets) agent.destroy();

  const sorted = latencies.sort((a, b) => a - b);
  const at = (p) => (sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]) : null);
  const lateSorted = lateness.sort((a, b) => a - b);
  const achievedRps = round(ok / seconds);
  return {
    targetRate: rate,
    arrivals: 'paced',
    connections,
    seconds,
    ok,
    non2xx,
    errors,
    timeouts,
    unsent,
    statusCodes,
    achievedRps,
    keptUp: achievedRps >= rate * 0.95 && non2xx === 0 && errors === 0 && unsent === 0,
    latencyMs: {
      p50: at(50),
      p90: at(90),
      p99: at(99),
      max: sorted.length ? round(sorted[sorted.length - 1]) : null,
      mean: sorted.length ? round(sorted.reduce((a, b) => a + b, 0) / sorted.length) : null,
    },
    /** How long after it was due each request left: waiting for a free connection, or the load generator itself behind. */
    sentLateMs: {
      p50: round(lateSorted[Math.floor(lateSorted.length / 2)] ?? 0),
      p99: round(lateSorted[Math.floor(lateSorted.length * 0.99)] ?? 0),
    },
  };
}

const round = (value) => Math.round(value * 10) / 10;
