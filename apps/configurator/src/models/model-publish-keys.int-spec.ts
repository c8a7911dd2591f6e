import type { INestApplicationContext } from '@nestjs/common';
import { ConfiguratorRequests } from '@atelier/contracts';
import { sampleModels } from '@atelier/configurator-engine';
import { RequestClient } from '@atelier/messaging';
import { loadConfig, startInProcess } from '@atelier/platform';
import { cleanUpNamespace, testNamespace, testServiceEnv } from '@atelier/testing';
import { stringify } from 'yaml';
import { AppModule } from '../app.module';

const ns = testNamespace('publishkeys');
const suit = sampleModels.find((m) => m.id === 'suit')!;

/**
 * An operator's publish repeated because its answer was lost: under one Idempotency-Key it
 * publishes once, even when the repeats are checked at the same moment by two replicas.
 */
describe('publishing a model under an Idempotency-Key', () => {
  const replicas: INestApplicationContext[] = [];
  let client: RequestClient;

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const app = await startInProcess(AppModule.forConfig(loadConfig('configurator', testServiceEnv(ns))), {
        logger: ['error'],
      });
      replicas.push(app);
    }
    client = replicas[0].get(RequestClient);
  });

  afterAll(async () => {
    for (const app of replicas) await app.close();
    await cleanUpNamespace(ns);
  });

  const versionsOf = (productId: string) => client.request(ConfiguratorRequests.listVersions, { productId });

  it('publishes once for twenty concurrent repeats, answers each with that version, and refuses another document under the key', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.request(ConfiguratorRequests.publishModel, { document: suit, idempotencyKey: 'suit-1' }, { timeoutMs: 60_000 }),
      ),
    );
    expect(new Set(answers.map((a) => `${a.productId}@${a.version}`))).toEqual(new Set(['suit@1']));
    expect(new Set(answers.map((a) => a.publishedAt)).size).toBe(1);
    expect(await versionsOf('suit')).toHaveLength(1);

    // The same document with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(suit).reverse());
    expect(await client.request(ConfiguratorRequests.publishModel, { document: reordered, idempotencyKey: 'suit-1' })).toEqual(
      answers[0],
    );
    await expect(
      client.request(ConfiguratorRequests.publishModel, {
        document: { ...suit, name: 'Another suit' },
        idempotencyKey: 'suit-1',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    // Another key publishes the next version; no key publishes each time.
    expect(await client.request(ConfiguratorRequests.publishModel, { document: suit, idempotencyKey: 'suit-2' })).toMatchObject({
      version: 2,
    });
    expect(await client.request(ConfiguratorRequests.publishModel, { document: suit })).toMatchObject({ version: 3 });
    expect(await client.request(ConfiguratorRequests.publishModel, { document: suit })).toMatchObject({ version: 4 });
    expect(await versionsOf('suit')).toHaveLength(4);
  });

  it('imports and publishes YAML once per key, the fingerprint covering the format, the id and the name', async () => {
    const cnf = 'c 1 Engine\nc 2 Turbo\np cnf 2 1\n1 -2 0\n';
    const imports = await Promise.all(
      Array.from({ length: 6 }, () =>
        client.request(ConfiguratorRequests.importModel, {
          format: 'dimacs',
          content: cnf,
          id: 'engine',
          name: 'Engine',
          idempotencyKey: 'engine-1',
        }),
      ),
    );
    expect(new Set(imports.map((a) => a.version))).toEqual(new Set([1]));
    await expect(
      client.request(ConfiguratorRequests.importModel, {
        format: 'dimacs',
        content: cnf,
        id: 'engine',
        name: 'Engine 2',
        idempotencyKey: 'engine-1',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await versionsOf('engine')).toHaveLength(1);

    const yaml = stringify({ ...suit, id: 'yaml-suit' });
    const first = await client.request(ConfiguratorRequests.publishYaml, { content: yaml, idempotencyKey: 'yaml-1' });
    expect(await client.request(ConfiguratorRequests.publishYaml, { content: yaml, idempotencyKey: 'yaml-1' })).toEqual(first);
    // The same key for a native publish of the same model is another request.
    await expect(
      client.request(ConfiguratorRequests.publishModel, { document: { ...suit, id: 'yaml-suit' }, idempotencyKey: 'yaml-1' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await versionsOf('yaml-suit')).toHaveLength(1);
  });

  it('records nothing for a document that fails its check, so the key can be used once the document is fixed', async () => {
    await expect(
      client.request(ConfiguratorRequests.publishModel, {
        document: { ...suit, id: 'broken', rules: [{ id: 'r', when: 'nonsense ((' }] },
        idempotencyKey: 'broken-1',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_MODEL' });
    await expect(
      client.request(ConfiguratorRequests.publishModel, {
        document: { ...suit, id: 'broken', rules: [{ id: 'r', when: 'nonsense ((' }] },
        idempotencyKey: 'broken-1',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_MODEL' });
  });
});
