// Seeds the demo network on an empty system, through the HTTP API only (as an operator
// would): the sample product models, two suppliers whose factories together cover every
// capability those models need (several capabilities at both, so a rejected job can be
// re-planned elsewhere), and a demo customer. The tokens the API shows once are saved in
// .atelier/demo-tokens.json.
//
// Used by start.mjs; runnable alone against a running system: node tools/seed.mjs
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { apiClient, itemsOf } from './api-client.mjs';
import { apiBaseUrl, demoTokensFile, readAdminToken, repoRoot, writeDemoTokens } from './environment.mjs';

const weekdays = (from, to, days = [1, 2, 3, 4, 5]) => ({
  workingHours: days.map((day) => ({ day, from, to })),
  closures: [],
});

/** Two suppliers in different countries; cutting, welding, painting, assembly, finishing and packaging exist at both. */
export const demoSuppliers = [
  {
    name: 'Rheinwerk Metallbau',
    factories: [
      {
        name: 'Duisburg frame shop',
        timeZone: 'Europe/Berlin',
        calendar: weekdays('08:00', '17:00'),
        capabilities: [
          { capability: 'cutting', workCentres: 2, speedFactor: 1.0 },
          { capability: 'welding', workCentres: 2, speedFactor: 1.0 },
          { capability: 'painting', workCentres: 1, speedFactor: 1.0 },
          { capability: 'cnc-milling', workCentres: 2, speedFactor: 1.0 },
        ],
      },
      {
        name: 'Essen assembly hall',
        timeZone: 'Europe/Berlin',
        calendar: weekdays('06:00', '22:00'),
        capabilities: [
          { capability: 'assembly', workCentres: 3, speedFactor: 1.0 },
          { capability: 'finishing', workCentres: 1, speedFactor: 1.0 },
          { capability: 'packaging', workCentres: 2, speedFactor: 1.0 },
        ],
      },
    ],
  },
  {
    name: 'Oficina do Porto',
    factories: [
      {
        name: 'Porto workshop',
        timeZone: 'Europe/Lisbon',
        calendar: weekdays('08:00', '17:00', [1, 2, 3, 4, 5, 6]),
        capabilities: [
          { capability: 'cutting', workCentres: 1, speedFactor: 0.8 },
          { capability: 'welding', workCentres: 1, speedFactor: 0.8 },
          { capability: 'painting', workCentres: 2, speedFactor: 1.2 },
          { capability: 'sewing', workCentres: 3, speedFactor: 1.0 },
          { capability: 'assembly', workCentres: 2, speedFactor: 0.9 },
          { capability: 'finishing', workCentres: 2, speedFactor: 1.1 },
          { capability: 'packaging', workCentres: 1, speedFactor: 1.0 },
        ],
      },
    ],
  },
];

export const demoCustomerName = 'Demo Customer';

const engineEntry = join(repoRoot, 'dist', 'libs', 'configurator-engine', 'src', 'index.js');

/** The sample model documents, from the compiled configurator engine (npm run build). */
export function loadSampleModels() {
  let engine;
  try {
    engine = createRequire(import.meta.url)(engineEntry);
  } catch (error) {
    throw new Error(`cannot load ${engineEntry} (run npm run build first): ${error.message}`);
  }
  const models = engine.sampleModels;
  if (!models) throw new Error(`${engineEntry} exports no sampleModels`);
  return Array.isArray(models) ? models : Object.values(models);
}

/** Every `capability` named anywhere in the models (their routings). */
export function capabilitiesNeeded(models) {
  const found = new Set();
  const visit = (value) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'capability' && typeof inner === 'string') found.add(inner);
      else visit(inner);
    }
  };
  visit(models);
  return found;
}

export function capabilitiesOffered(suppliers = demoSuppliers) {
  return new Set(suppliers.flatMap((s) => s.factories.flatMap((f) => f.capabilities.map((c) => c.capability))));
}

/**
 * Seeds when GET /v1/admin/suppliers is empty. Returns { seeded, tokens } where tokens
 * is what .atelier/demo-tokens.json holds (undefined if an earlier seed's file is gone).
 */
export async function seedDemoNetwork({ baseUrl = apiBaseUrl(), adminToken, log = console.log }) {
  const api = apiClient(baseUrl);
  const admin = (method, path, body) => api(method, path, { token: adminToken, body }).then((r) => r.body);

  const existing = itemsOf(await admin('GET', '/v1/admin/suppliers'));
  if (existing.length > 0) {
    log(`already seeded: ${existing.length} supplier(s) exist; not seeding`);
    return { seeded: false };
  }

  const models = loadSampleModels();
  assertNetworkCovers(capabilitiesNeeded(models), log);
  for (const model of models) await publishModel(api, adminToken, model, log);

  // Suppliers last: "no supplier yet" is the mark of an unseeded system, so a seed that
  // fails before them is simply re-done by the next run (models answer 409, a second
  // demo customer is harmless). One that fails among the suppliers needs a fresh database.
  const tokens = { apiUrl: baseUrl, seededAt: new Date().toISOString(), customer: undefined, suppliers: [] };
  const customer = await admin('POST', '/v1/admin/customers', { name: demoCustomerName });
  tokens.customer = { id: customer.id, name: customer.name, token: customer.token };
  writeDemoTokens(tokens); // after each token: the API shows it only once
  log(`created customer ${customer.name} (${customer.id})`);

  for (const supplier of demoSuppliers) {
    tokens.suppliers.push(await onboardSupplier(admin, supplier, log));
    writeDemoTokens(tokens);
  }
  log(`saved the demo tokens in ${demoTokensFile}`);
  return { seeded: true, tokens };
}

function assertNetworkCovers(needed, log) {
  if (needed.size === 0) {
    log('the sample models name no capability; seeding the full demo network anyway');
    return;
  }
  const offered = capabilitiesOffered();
  const missing = [...needed].filter((capability) => !offered.has(capability));
  if (missing.length > 0) {
    throw new Error(
      `the demo network lacks capabilities the sample models need: ${missing.join(', ')} (add them to demoSuppliers in tools/seed.mjs)`,
    );
  }
}

async function publishModel(api, adminToken, model, log) {
  const name = model.id ?? model.name ?? '(unnamed model)';
  // 409: published by an earlier, interrupted seed; the model is there, which is the point.
  const { status, body } = await api('POST', '/v1/admin/product-models', {
    token: adminToken,
    body: model,
    accept: [200, 201, 409],
  });
  if (status === 409) log(`product model ${name} already published`);
  else log(`published product model ${name}${body?.version === undefined ? '' : ` version ${body.version}`}`);
}

async function onboardSupplier(admin, supplier, log) {
  const created = await admin('POST', '/v1/admin/suppliers', { name: supplier.name });
  const factories = [];
  for (const factory of supplier.factories) {
    const made = await admin('POST', `/v1/admin/suppliers/${created.id}/factories`, factory);
    factories.push({ id: made.id, name: factory.name, capabilities: factory.capabilities.map((c) => c.capability) });
  }
  log(`created supplier ${created.name} with ${factories.map((f) => f.name).join(', ')}`);
  return { id: created.id, name: created.name, token: created.token, factories };
}

async function main() {
  try {
    const admin = readAdminToken();
    if (!admin)
      throw new Error('no operator token: set ATELIER_ADMIN_TOKEN or run npm start once (it creates .atelier/admin-token)');
    await seedDemoNetwork({ adminToken: admin.token });
  } catch (error) {
    console.error(`seeding failed: ${error.message}`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
