// The load: autocannon placing orders, one setting for the raw baseline and the system alike.
// Each request carries a fresh Idempotency-Key, one of the customers' tokens and one of the
// prepared order bodies, in turn.
import autocannon from 'autocannon';

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
 * One autocannon run. rate undefined: as fast as `connections` allow. Latency is what each
 * response took (coordinated omission is not corrected: autocannon's correction assumes a 1 ms
 * interval); whether the rate was kept says whether the figure is that of the asked rate.
 */
export async function drive({ urls, connections, seconds, rate, requests }) {
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

const round = (value) => Math.round(value * 10) / 10;
