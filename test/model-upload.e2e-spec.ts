import { cleanUpNamespace, testNamespace } from '@atelier/testing';
import { ApiClient, expectStatus } from './support/http';
import { startSystem, withAppOutput, type RunningSystem } from './support/system';

const UPLOAD_LIMIT = 20 * 1024 * 1024;

/**
 * A furniture maker's catalog as a native model: many options, each with its story. Larger than
 * one NATS message (1 MB by default), which is why uploads travel through the object store.
 */
function catalogModel(options: number) {
  return {
    id: 'catalog',
    name: 'Cabinet catalog',
    currency: 'EUR',
    options: Array.from({ length: options }, (_, i) => ({
      id: `accessory_${i}`,
      type: 'boolean',
      label: `Accessory ${i}`,
      description: `Accessory ${i}: ${'solid oak, hand-finished, fitted in the workshop before delivery. '.repeat(8)}`,
      default: false,
    })),
    rules: [
      {
        id: 'r-pair',
        type: 'requires',
        message: 'Accessory 1 needs accessory 0',
        if: { option: 'accessory_1', value: true },
        then: { option: 'accessory_0', values: [true] },
      },
    ],
    pricing: { basePrice: '100.00', adders: [{ option: 'accessory_0', value: true, amount: '12.50' }] },
  };
}

/** Model uploads as the operator sends them: large ones work, oversized ones and strangers are refused before anything is published. */
describe('uploading large product models', () => {
  const namespace = testNamespace('upload');
  let system: RunningSystem;
  let operator: ApiClient;
  let customer: ApiClient;

  beforeAll(async () => {
    system = await startSystem(namespace);
    const api = new ApiClient(system.baseUrl);
    operator = api.as(system.adminToken);
    customer = api.as(expectStatus(await operator.post('/v1/admin/customers', { name: 'Ada' }), 201).token);
  });

  afterAll(async () => {
    await system?.stop();
    await cleanUpNamespace(namespace);
  });

  it('publishes a model document larger than one NATS message, which customers can then configure', () =>
    withAppOutput(system, async () => {
      const model = catalogModel(2_500);
      const json = JSON.stringify(model);
      expect(json.length).toBeGreaterThan(1.5 * 1024 * 1024);
      const published = expectStatus(await operator.call('POST', '/v1/admin/product-models', json), 201);
      expect(published).toMatchObject({ productId: 'catalog', version: 1 });
      const configured = expectStatus(
        await customer.post('/v1/products/catalog/configure', { selections: { accessory_1: true } }),
        200,
      );
      expect(configured).toMatchObject({ valid: true, conflicts: [] });
      expect(configured.domains.accessory_0).toEqual([true]);
    }));

  it('publishes a large upload once when the operator repeats it under an Idempotency-Key', () =>
    withAppOutput(system, async () => {
      const json = JSON.stringify({ ...catalogModel(2_500), id: 'repeated' });
      const key = { 'Idempotency-Key': 'catalog-2026-12' };
      const answers = await Promise.all([1, 2, 3].map(() => operator.call('POST', '/v1/admin/product-models', json, key)));
      for (const answer of answers) expect(expectStatus(answer, 201)).toMatchObject({ productId: 'repeated', version: 1 });
      expect(expectStatus(await operator.get('/v1/admin/product-models/repeated/versions'), 200)).toHaveLength(1);
      const other = JSON.stringify({ ...catalogModel(3), id: 'repeated' });
      expect((await operator.call('POST', '/v1/admin/product-models', other, key)).status).toBe(409);
      expect(
        (await operator.call('POST', '/v1/admin/product-models', other, { 'Idempotency-Key': 'k'.repeat(201) })).status,
      ).toBe(400);
      expect(expectStatus(await operator.get('/v1/admin/product-models/repeated/versions'), 200)).toHaveLength(1);
    }));

  it('refuses an upload of 20 MB and one byte with 413, and publishes nothing', () =>
    withAppOutput(system, async () => {
      const model = catalogModel(1);
      const padded = JSON.stringify({ ...model, id: 'oversized' }).padEnd(UPLOAD_LIMIT + 1, ' ');
      const refused = await operator.call('POST', '/v1/admin/product-models', padded);
      expect(refused).toEqual({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } } });
      expect((await operator.get('/v1/admin/product-models/oversized/versions')).status).toBe(404);
    }));

  it('answers a customer sending a large model to the upload route with 404, and publishes nothing', () =>
    withAppOutput(system, async () => {
      const json = JSON.stringify({ ...catalogModel(8_000), id: 'smuggled' });
      expect(json.length).toBeGreaterThan(4 * 1024 * 1024);
      const refused = await customer.call('POST', '/v1/admin/product-models', json);
      expect(refused).toEqual({ status: 404, body: { error: expect.objectContaining({ code: 'NOT_FOUND' }) } });
      expect((await operator.get('/v1/admin/product-models/smuggled/versions')).status).toBe(404);
    }));

  it('refuses a 300 KB configure body with 413', () =>
    withAppOutput(system, async () => {
      const selections = Object.fromEntries(Array.from({ length: 14_000 }, (_, i) => [`accessory_${i}`, false]));
      const body = JSON.stringify({ selections });
      expect(body.length).toBeGreaterThan(300_000);
      const refused = await customer.call('POST', '/v1/products/catalog/configure', body);
      expect(refused).toEqual({ status: 413, body: { error: expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }) } });
    }));
});
