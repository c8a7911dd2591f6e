import { cleanUpNamespace, testNamespace } from '@atelier/testing';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApiClient, expectStatus } from './support/http';
import { startSystem, withAppOutput, type RunningSystem } from './support/system';

const benchmarks = path.resolve(process.cwd(), '../shared/benchmarks/configuration');

/** The operator brings models from other tools; the counts are the published ones. */
describe('importing product models from XCSP 2.1 and DIMACS CNF', () => {
  const namespace = testNamespace('import');
  let system: RunningSystem;
  let operator: ApiClient;

  beforeAll(async () => {
    system = await startSystem(namespace);
    operator = new ApiClient(system.baseUrl).as(system.adminToken);
  });

  afterAll(async () => {
    await system?.stop();
    await cleanUpNamespace(namespace);
  });

  it('imports the Renault car configuration and counts exactly its 278,744 configurations', () =>
    withAppOutput(system, async () => {
      const xml = readFileSync(path.join(benchmarks, 'renault_br4cp/medium_domainsorted.xml'), 'utf8');
      const imported = await operator.call('POST', '/v1/admin/product-models?id=renault-medium&name=Renault%20medium', xml, {
        'content-type': 'application/xml',
      });
      expect(expectStatus(imported, 201)).toMatchObject({ productId: 'renault-medium', version: 1 });
      const counted = expectStatus(await operator.get('/v1/admin/product-models/renault-medium/count'), 200);
      expect(counted).toEqual({ productId: 'renault-medium', version: 1, count: '278744' });
      // Counted once per version: the second answer is the stored one.
      expect(expectStatus(await operator.get('/v1/admin/product-models/renault-medium/count'), 200).count).toBe('278744');

      const product = expectStatus(await operator.get('/v1/products/renault-medium'), 200);
      expect(product.options).toHaveLength(148);
      const configured = expectStatus(await operator.post('/v1/products/renault-medium/configure', { selections: {} }), 200);
      expect(configured).toMatchObject({ valid: true, conflicts: [] });
    }));

  it('imports a DIMACS feature model as boolean options', () =>
    withAppOutput(system, async () => {
      const cnf = readFileSync(path.join(benchmarks, 'feature_models/printer/printer.dimacs'), 'utf8');
      const imported = await operator.call('POST', '/v1/admin/product-models?id=printer&name=Printer', cnf, {
        'content-type': 'text/x-dimacs',
      });
      expectStatus(imported, 201);
      const counted = expectStatus(await operator.get('/v1/admin/product-models/printer/count'), 200);
      expect(BigInt(counted.count)).toBeGreaterThan(0n);
    }));

  it('answers a malformed document with 400 and publishes nothing', () =>
    withAppOutput(system, async () => {
      const broken = await operator.call('POST', '/v1/admin/product-models?id=broken&name=Broken', '<instance><variables>', {
        'content-type': 'application/xml',
      });
      expect(broken.status).toBe(400);
      expect(broken.body.error.code).toBe('INVALID_MODEL');
      expect((await operator.get('/v1/admin/product-models/broken/versions')).status).toBe(404);
      const noId = await operator.call('POST', '/v1/admin/product-models', 'p cnf 1 1\n1 0\n', {
        'content-type': 'text/x-dimacs',
      });
      expect(noId.status).toBe(400);
    }));
});
