// One request at a time on an idle system: what a storefront user waits for each call, next to
// what the configurator engine needs for the same work (the engine called directly, in this
// process, on the same model and selections; the service does that work plus everything around it).
import { connect } from '@nats-io/transport-node';
import { Agent, request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { BenchError } from './stack.mjs';
import { RENAULT_ID, renaultXml, selectionWalks } from './network.mjs';

const WARM_UP = 10;

/** A keep-alive HTTP/1.1 client with one socket: the least a caller can add to a request's time. */
function timedClient(baseUrl) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(baseUrl);
  return (method, path, { token, body, headers = {} } = {}) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const start = performance.now();
      const req = httpRequest(
        {
          agent,
          hostname,
          port,
          method,
          path,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...headers,
          },
        },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () => {
            const ms = performance.now() - start;
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: response.statusCode, ms, body: text ? JSON.parse(text) : undefined });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
}

/**
 * The same question asked of the service over NATS, as the gateway asks it, without HTTP, the
 * gateway's guards and its second JSON hop: the gap to the HTTP figure is what the gateway adds.
 */
async function serviceClient(natsUrl, ns) {
  const nc = await connect({ servers: natsUrl, name: `bench-e2e-single-${ns.prefix}` });
  const call = async (subject, payload) => {
    const start = performance.now();
    const msg = await nc.request(ns.subject(subject), JSON.stringify(payload), { timeout: 10_000 });
    const ms = performance.now() - start;
    const reply = msg.json();
    return { status: reply.ok ? 200 : 500, ms, body: reply };
  };
  return { call, close: () => nc.close() };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (value) => Math.round(value * 100) / 100;
const summary = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]),
    samples: sorted.length,
  };
};

/**
 * `count` calls of one request (after a warm-up), each checked for the status it must answer;
 * `before` (not timed) runs ahead of each call.
 */
async function measure(name, count, expected, call, before = async () => {}) {
  const times = [];
  for (let n = 0; n < WARM_UP + count; n++) {
    await before();
    const { status, ms, body } = await call(n);
    if (status !== expected)
      throw new BenchError(`${name}: answered ${status}, expected ${expected}: ${JSON.stringify(body).slice(0, 300)}`);
    if (n >= WARM_UP) times.push(ms);
  }
  return summary(times);
}

/** The engine's own time for the same calls, as ConfigurationService makes them (configure with alternatives, then price). */
function engineTimes(engine, model, selectionsList, count) {
  const budget = () => ({ maxConflicts: 20_000, deadline: { at: Date.now() + 60_000, now: Date.now } });
  const times = [];
  for (let n = 0; n < WARM_UP + count; n++) {
    const selections = selectionsList[n % selectionsList.length];
    const start = performance.now();
    const result = engine.configure(model, selections, { alternatives: true, budget: budget() });
    if (result.valid && result.complete) engine.quoteConfiguration(model, selections, 1, budget());
    if (n >= WARM_UP) times.push(performance.now() - start);
  }
  return summary(times);
}

/** Validate, price and explode every line of a body: the engine's part of a quote and of a placement. */
function engineQuoteTimes(engine, models, bodies, count) {
  const times = [];
  for (let n = 0; n < WARM_UP + count; n++) {
    const start = performance.now();
    for (const line of bodies[n % bodies.length].lines)
      engine.quoteConfiguration(models.get(line.productId), line.selections, line.quantity);
    if (n >= WARM_UP) times.push(performance.now() - start);
  }
  return summary(times);
}

/**
 * Measures each endpoint `count` times in turn. `placeFirst` orders exist before the reads
 * (order detail, supplier jobs) so they read something; `waitQuiet` lets their pipeline finish
 * first, so the reads see an idle system. Placement goes last: it starts pipeline work. `place`
 * is each placement on an idle system (the previous order's pipeline finished before it is sent,
 * not timed); `placeBackToBack` sends the next as soon as one is answered, so it shares the
 * machine with the pipeline work of the orders before it.
 */
export async function measureSingleRequests({
  baseUrl,
  engine,
  customers,
  suppliers,
  bodies,
  random,
  count,
  keyPrefix,
  waitQuiet,
  natsUrl,
  ns,
  log,
}) {
  const call = timedClient(baseUrl);
  const customer = customers[0];
  const place = (n) =>
    call('POST', '/v1/orders', {
      token: customer.token,
      body: bodies[n % bodies.length],
      headers: { 'idempotency-key': `${keyPrefix}-${n}` },
    });

  const placed = [];
  for (let n = 0; n < 10; n++) placed.push((await place(n)).body.id);
  await waitQuiet();
  // The supplier with the most jobs, so the job list has something to list.
  const listed = await Promise.all(
    suppliers.map(async (s) => ({
      s,
      jobs: (await call('GET', '/v1/supplier/jobs?limit=100', { token: s.token })).body?.items?.length ?? 0,
    })),
  );
  const supplier = listed.sort((a, b) => b.jobs - a.jobs)[0].s;

  const renault = engine.compileModel(
    engine.importXcsp(readFileSync(renaultXml, 'utf8'), { id: RENAULT_ID, name: 'Renault medium' }),
  );
  const bicycle = engine.compileModel(engine.sampleModels.find((m) => m.id === 'bicycle'));
  if (!renault.ok || !bicycle.ok) throw new BenchError('the Renault or bicycle model does not compile in the engine');
  const renaultWalks = selectionWalks(engine, renault.model, { count: 20, maxSteps: 12, random });
  const bicycleWalks = selectionWalks(engine, bicycle.model, { count: 20, maxSteps: 6, random });
  const models = new Map(engine.sampleModels.map((document) => [document.id, engine.compileModel(document).model]));

  const http = {};
  const engineMs = {};
  log('single requests: GET /v1/products');
  http.products = await measure('GET /v1/products', count, 200, () => call('GET', '/v1/products', { token: customer.token }));
  log('single requests: configure (Renault, bicycle)');
  http.configureRenault = await measure('configure renault', count, 200, (n) =>
    call('POST', `/v1/products/${RENAULT_ID}/configure`, {
      token: customer.token,
      body: { selections: renaultWalks[n % renaultWalks.length] },
    }),
  );
  engineMs.configureRenault = engineTimes(engine, renault.model, renaultWalks, count);
  http.configureBicycle = await measure('configure bicycle', count, 200, (n) =>
    call('POST', '/v1/products/bicycle/configure', {
      token: customer.token,
      body: { selections: bicycleWalks[n % bicycleWalks.length] },
    }),
  );
  engineMs.configureBicycle = engineTimes(engine, bicycle.model, bicycleWalks, count);
  log('single requests: products and configure over NATS, without the gateway');
  const service = await serviceClient(natsUrl, ns);
  const serviceMs = {};
  try {
    serviceMs.products = await measure('configurator.products.list', count, 200, () =>
      service.call('configurator.products.list', {}),
    );
    serviceMs.configureRenault = await measure('configurator.configure renault', count, 200, (n) =>
      service.call('configurator.configure', { productId: RENAULT_ID, selections: renaultWalks[n % renaultWalks.length] }),
    );
    serviceMs.configureBicycle = await measure('configurator.configure bicycle', count, 200, (n) =>
      service.call('configurator.configure', { productId: 'bicycle', selections: bicycleWalks[n % bicycleWalks.length] }),
    );
  } finally {
    await service.close();
  }
  log('single requests: quote, order detail, supplier job list');
  http.quote = await measure('POST /v1/quotes', count, 200, (n) =>
    call('POST', '/v1/quotes', { token: customer.token, body: { lines: bodies[n % bodies.length].lines } }),
  );
  engineMs.quote = engineQuoteTimes(engine, models, bodies, count);
  http.orderDetail = await measure('GET /v1/orders/{id}', count, 200, (n) =>
    call('GET', `/v1/orders/${placed[n % placed.length]}`, { token: customer.token }),
  );
  http.supplierJobs = await measure('GET /v1/supplier/jobs', count, 200, () =>
    call('GET', '/v1/supplier/jobs?limit=50', { token: supplier.token }),
  );
  log('single requests: place');
  http.place = await measure('POST /v1/orders', count, 201, (n) => place(placed.length + n), waitQuiet);
  await waitQuiet();
  http.placeBackToBack = await measure('POST /v1/orders', count, 201, (n) => place(placed.length + WARM_UP + count + n));
  engineMs.place = engineMs.quote;
  engineMs.placeBackToBack = engineMs.quote;
  return { http, engineMs, serviceMs };
}
