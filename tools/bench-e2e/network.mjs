// The network the benchmark orders from, made through the admin API as an operator would
// (API.md "Admin"): the sample models and the Renault model, 12 suppliers with 24 factories in
// six countries (every capability at 12 of them), and customers. Plus the valid configurations
// the load is made of, found with the configurator engine itself and checked once by a quote.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiClient } from '../api-client.mjs';
import { repoRoot } from '../environment.mjs';
import { BenchError } from './stack.mjs';

export const renaultXml = join(
  repoRoot,
  '..',
  'shared',
  'benchmarks',
  'configuration',
  'renault_br4cp',
  'medium_domainsorted.xml',
);
export const RENAULT_ID = 'renault-medium';

const capabilities = ['cutting', 'welding', 'painting', 'assembly', 'sewing', 'cnc-milling', 'finishing', 'packaging'];
const timeZones = ['Europe/Berlin', 'Europe/Lisbon', 'Europe/Paris', 'Europe/Warsaw', 'Europe/Madrid', 'Europe/Rome'];
const twoShifts = { workingHours: [1, 2, 3, 4, 5].map((day) => ({ day, from: '06:00', to: '22:00' })), closures: [] };
const daysAndSaturday = { workingHours: [1, 2, 3, 4, 5, 6].map((day) => ({ day, from: '08:00', to: '17:00' })), closures: [] };

export const SUPPLIERS = 12;
export const FACTORIES_PER_SUPPLIER = 2;
const CUSTOMERS = 10;

/** Factory i offers four capabilities, chosen so that each capability is at the same number of factories. */
export function benchFactories(supplierIndex) {
  return Array.from({ length: FACTORIES_PER_SUPPLIER }, (_, f) => {
    const i = supplierIndex * FACTORIES_PER_SUPPLIER + f;
    const offered = [0, 1, 3, 5].map((step) => capabilities[(i + step) % capabilities.length]);
    return {
      name: `Bench works ${i + 1}`,
      timeZone: timeZones[i % timeZones.length],
      calendar: i % 2 === 0 ? twoShifts : daysAndSaturday,
      capabilities: offered.map((capability, c) => ({
        capability,
        workCentres: 1 + ((i + c) % 3),
        speedFactor: [0.8, 1, 1.2][(i + c) % 3],
      })),
    };
  });
}

/**
 * Publishes the models, onboards suppliers, factories and customers. Returns
 * { customers: [{ id, token }], suppliers: [{ id, token, factoryIds }] }.
 */
export async function seedNetwork({ baseUrl, adminToken, engine, log }) {
  const api = apiClient(baseUrl);
  const admin = (method, path, body) => api(method, path, { token: adminToken, body }).then((r) => r.body);
  for (const model of engine.sampleModels) await admin('POST', '/v1/admin/product-models', model);
  const imported = await fetch(new URL(`/v1/admin/product-models?id=${RENAULT_ID}&name=Renault%20medium`, baseUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/xml' },
    body: readFileSync(renaultXml, 'utf8'),
    signal: AbortSignal.timeout(60_000),
  });
  if (imported.status !== 201)
    throw new BenchError(`importing ${renaultXml} answered ${imported.status} ${(await imported.text()).slice(0, 300)}`);

  const suppliers = await Promise.all(
    Array.from({ length: SUPPLIERS }, async (_, s) => {
      const created = await admin('POST', '/v1/admin/suppliers', { name: `Bench supplier ${s + 1}` });
      const factoryIds = [];
      for (const factory of benchFactories(s))
        factoryIds.push((await admin('POST', `/v1/admin/suppliers/${created.id}/factories`, factory)).id);
      return { id: created.id, token: created.token, factoryIds };
    }),
  );
  const customers = await Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, c) => {
      const created = await admin('POST', '/v1/admin/customers', { name: `Bench customer ${c + 1}` });
      return { id: created.id, token: created.token };
    }),
  );
  log(
    `seeded ${engine.sampleModels.length + 1} models, ${SUPPLIERS} suppliers with ${SUPPLIERS * FACTORIES_PER_SUPPLIER} factories, ${CUSTOMERS} customers`,
  );
  return { customers, suppliers };
}

/** A seeded random walk, so every run orders the same things. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state / 0x100000000;
  };
}

/**
 * Partial selections a customer might have made, `count` of them: each a random walk of up to
 * `maxSteps` choices among what configure still offers.
 */
export function selectionWalks(engine, model, { count, maxSteps, random }) {
  const walks = [];
  for (let n = 0; n < count; n++) {
    let selections = {};
    const steps = 1 + Math.floor(random() * maxSteps);
    for (let step = 0; step < steps; step++) {
      const result = engine.configure(model, selections);
      const open = Object.entries(result.domains).filter(
        ([id, domain]) => !(id in selections) && Array.isArray(domain) && domain.length > 1,
      );
      if (!result.valid || open.length === 0) break;
      const [id, domain] = open[Math.floor(random() * open.length)];
      selections = { ...selections, [id]: domain[Math.floor(random() * domain.length)] };
    }
    walks.push(selections);
  }
  return walks;
}

/** Complete, valid configurations of every sample model: the order lines of the load. */
export function orderConfigurations(engine, { perModel = 8, random }) {
  const lines = [];
  for (const document of engine.sampleModels) {
    const compiled = engine.compileModel(document);
    if (!compiled.ok)
      throw new BenchError(`sample model ${document.id} does not compile: ${JSON.stringify(compiled.errors).slice(0, 300)}`);
    for (const walk of selectionWalks(engine, compiled.model, { count: perModel, maxSteps: 4, random })) {
      const selections = engine.completeConfiguration(compiled.model, walk);
      if (selections) lines.push({ productId: document.id, selections });
    }
  }
  return lines;
}

export const shippingAddress = {
  name: 'Bench Customer',
  street: '1 Rue de la Paix',
  city: 'Paris',
  postalCode: '75002',
  country: 'FR',
};

/** Order bodies of one or two lines of those configurations. */
export function orderBodies(lines, { count = 64, random }) {
  return Array.from({ length: count }, (_, n) => {
    const first = lines[n % lines.length];
    const second = lines[Math.floor(random() * lines.length)];
    const chosen = n % 3 === 0 ? [first, second] : [first];
    return { lines: chosen.map((line) => ({ ...line, quantity: 1 + Math.floor(random() * 3) })), shippingAddress };
  });
}

/** Each body is priced once through the API: a body the system refuses would measure errors, not orders. */
export async function checkBodies({ baseUrl, customer, bodies }) {
  const api = apiClient(baseUrl);
  for (const body of bodies) {
    const { status, body: answer } = await api('POST', '/v1/quotes', {
      token: customer.token,
      body: { lines: body.lines },
      accept: [200, 422, 400],
    });
    if (status !== 200)
      throw new BenchError(
        `an order body of the load is refused by POST /v1/quotes (${status}): ${JSON.stringify(answer).slice(0, 400)}`,
      );
  }
}

/** Orders placed to warm a fresh stack before it is measured. */
export const WARM_UP_ORDERS = 10;

/**
 * A fresh stack warmed before it is measured, as a running system is: every body quoted once
 * (which also checks it, and lets orders fetch the versions it prices), then WARM_UP_ORDERS
 * orders placed so that every app has run its part of the pipeline once. The caller waits until
 * the stack is quiet again. Without it, each phase's first seconds paid for compiling hot code,
 * first connections and first model loads in every process: a tail the fixed rates' and the
 * knee's p99 (on a fresh stack each) measured instead of the system.
 */
export async function warmUp({ baseUrl, customer, bodies, keyPrefix }) {
  await checkBodies({ baseUrl, customer, bodies });
  const api = apiClient(baseUrl);
  for (let n = 0; n < WARM_UP_ORDERS; n++) {
    await api('POST', '/v1/orders', {
      token: customer.token,
      body: bodies[n % bodies.length],
      headers: { 'Idempotency-Key': `${keyPrefix}-warm-up-${n}` },
      accept: [201],
    });
  }
}
