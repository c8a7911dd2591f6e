// `npm run demo` (with `npm start` running): one demo order from configuration to shipment,
// through the HTTP API alone. The demo customer configures a bicycle, gets a quote and
// orders it; the two demo suppliers play their part through the supplier portal. Every
// step is one line; the order's status changes are printed as they happen.
// Exit 0 when the order is shipped; 1, with what was seen, on failure or timeout.
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { apiClient, formatMoney, itemsOf } from './api-client.mjs';
import { configureProduct } from './demo-configure.mjs';
import { shortId, SupplierPlayer } from './demo-suppliers.mjs';
import { apiBaseUrl, demoTokensFile, readAdminToken, readDemoTokens } from './environment.mjs';

const PRODUCT_ID = 'bicycle';
const ORDER_DEADLINE_MS = 180_000;
const POLL_INTERVAL_MS = 1000;
const shippingAddress = {
  name: 'Demo Customer',
  street: 'Torstraße 1',
  postalCode: '10119',
  city: 'Berlin',
  country: 'DE',
};

const startedAt = Date.now();
const say = (line) => console.log(`${((Date.now() - startedAt) / 1000).toFixed(1).padStart(6)}s  ${line}`);

async function main() {
  const tokens = readDemoTokens();
  if (!tokens?.customer || !(tokens.suppliers?.length > 0)) {
    throw new Error(
      `no demo tokens in ${demoTokensFile}: start the system with npm start first (it seeds the demo network and saves them there)`,
    );
  }
  const baseUrl = apiBaseUrl();
  const api = apiClient(baseUrl);
  const customer = tokens.customer.token;
  say(`driving ${baseUrl} as ${tokens.customer.name}, with suppliers ${tokens.suppliers.map((s) => s.name).join(' and ')}`);

  await showProducts(api, customer);
  const { selections, result } = await configureProduct(api, customer, PRODUCT_ID, say);
  say(`configuration of ${PRODUCT_ID} is complete and valid${result.price ? `, price ${formatMoney(result.price)}` : ''}`);

  const line = { productId: PRODUCT_ID, selections, quantity: 1 };
  const quote = (await api('POST', '/v1/quotes', { token: customer, body: { lines: [line] } })).body;
  const promise = quote.promisedDate
    ? `promised ${quote.promisedDate}`
    : `no promise yet${quote.promiseReason ? ` (${quote.promiseReason})` : ''}`;
  say(`quote ${shortId(quote.id)}: total ${formatMoney(quote.total)}, ${promise}, valid until ${quote.validUntil}`);

  const order = await placeOrder(api, customer, line, quote.id);
  const player = new SupplierPlayer({ api, suppliers: tokens.suppliers, orderId: order.id, say });
  await followUntilShipped(api, customer, order, player);
}

async function showProducts(api, customer) {
  const products = itemsOf((await api('GET', '/v1/products', { token: customer })).body);
  say(`products: ${products.map((p) => `${p.id} (${p.name}, v${p.latestVersion ?? p.version ?? '?'})`).join(', ')}`);
  if (!products.some((p) => p.id === PRODUCT_ID)) {
    throw new Error(`GET /v1/products lists no "${PRODUCT_ID}" model; the seed publishes the configurator engine's sampleModels`);
  }
}

async function placeOrder(api, customer, line, quoteId) {
  const idempotencyKey = `demo-${randomUUID()}`;
  const { status, body } = await api('POST', '/v1/orders', {
    token: customer,
    headers: { 'idempotency-key': idempotencyKey },
    body: { lines: [line], shippingAddress, quoteId },
  });
  say(
    `order ${shortId(body.id)} placed (${status}, Idempotency-Key ${idempotencyKey}): ${body.status}, total ${formatMoney(body.total)}`,
  );
  return body;
}

/** Polls the order and plays the suppliers until it ships, fails, or the deadline passes. */
async function followUntilShipped(api, customer, placed, player) {
  const deadline = Date.now() + ORDER_DEADLINE_MS;
  let order = placed;
  let lastStatus = placed.status;
  while (Date.now() < deadline) {
    try {
      order = (await api('GET', `/v1/orders/${placed.id}`, { token: customer })).body;
    } catch (error) {
      throw new DemoFailure(error.message, order, player);
    }
    if (order.status !== lastStatus) {
      const promise = order.promisedDate ? `, promised ${order.promisedDate}` : '';
      say(
        `order ${shortId(order.id)}: ${lastStatus} → ${order.status}${order.statusReason ? ` (${order.statusReason})` : ''}${promise}`,
      );
      lastStatus = order.status;
    }
    if (order.status === 'shipped') {
      say(`done: order ${shortId(order.id)} shipped`);
      return;
    }
    if (['rejected', 'cancelled'].includes(order.status)) {
      throw new DemoFailure(`order ${order.id} ended ${order.status}`, order, player);
    }
    if (!player.shipped)
      await player.playOnce().catch((error) => {
        throw new DemoFailure(error.message, order, player);
      });
    await delay(POLL_INTERVAL_MS);
  }
  throw new DemoFailure(
    `order ${placed.id} not shipped after ${ORDER_DEADLINE_MS / 1000} s; it is ${order.status}`,
    order,
    player,
  );
}

class DemoFailure extends Error {
  constructor(message, order, player) {
    super(message);
    this.order = order;
    this.player = player;
  }
}

/** What was seen, to tell where the order got stuck. */
async function reportFailure(failure) {
  console.error(`\ndemo FAILED: ${failure.message}`);
  if (!failure.order) return;
  console.error(`jobs the suppliers saw: ${failure.player.summary()}`);
  const timeline = failure.order.timeline ?? [];
  console.error(`order timeline (${timeline.length} entries):`);
  for (const entry of timeline)
    console.error(`  ${entry.at ?? ''} ${entry.type ?? ''} ${entry.message ?? JSON.stringify(entry)}`);
  await reportDeadLetters();
}

async function reportDeadLetters() {
  try {
    const admin = readAdminToken();
    if (!admin) return;
    const { body } = await apiClient(apiBaseUrl())('GET', '/v1/admin/dead-letters', { token: admin.token });
    const letters = itemsOf(body);
    console.error(`dead letters: ${letters.length}`);
    for (const letter of letters.slice(0, 5)) console.error(`  ${JSON.stringify(letter).slice(0, 300)}`);
  } catch (error) {
    console.error(`dead letters: could not read them (${error.message})`);
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof DemoFailure) await reportFailure(error);
  else console.error(`\ndemo FAILED: ${error.message}`);
  process.exit(1);
}
