import type { INestApplicationContext } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ConfiguratorRequests, Namespace } from '@atelier/contracts';
import { sampleModels } from '@atelier/configurator-engine';
import { RequestClient, UploadStore, uploadsBucketName } from '@atelier/messaging';
import { loadConfig, startInProcess } from '@atelier/platform';
import { cleanUpNamespace, testNamespace, testNatsUrl, testServiceEnv } from '@atelier/testing';
import { randomUUID } from 'node:crypto';
import { stringify } from 'yaml';
import { AppModule } from '../app.module';

const ns = testNamespace('modeluploads');
const suit = sampleModels.find((m) => m.id === 'suit')!;

/** Model requests that carry an upload reference, as the gateway sends them: the document is read from the object store. */
describe('model uploads at the configurator', () => {
  let app: INestApplicationContext;
  let client: RequestClient;
  let nc: NatsConnection;
  let uploads: UploadStore;

  beforeAll(async () => {
    const config = loadConfig('configurator', testServiceEnv(ns));
    app = await startInProcess(AppModule.forConfig(config), { logger: ['error'] });
    client = app.get(RequestClient);
    nc = await connect({ servers: testNatsUrl });
    uploads = new UploadStore(nc, { namespace: ns });
  });

  afterAll(async () => {
    await app?.close();
    await nc?.drain();
    await cleanUpNamespace(ns);
  });

  it('publishes JSON, YAML and DIMACS documents read from the uploads bucket', async () => {
    const json = await uploads.with(JSON.stringify(suit), (upload) =>
      client.request(ConfiguratorRequests.publishModel, { upload }),
    );
    expect(json).toMatchObject({ productId: 'suit', version: 1 });
    const yaml = await uploads.with(stringify({ ...suit, name: 'Suit, in YAML' }), (upload) =>
      client.request(ConfiguratorRequests.publishYaml, { upload }),
    );
    expect(yaml).toMatchObject({ productId: 'suit', version: 2, name: 'Suit, in YAML' });
    const cnf = 'c 1 Engine\nc 2 Turbo\np cnf 2 1\n1 -2 0\n';
    const imported = await uploads.with(cnf, (upload) =>
      client.request(ConfiguratorRequests.importModel, { format: 'dimacs', upload, id: 'engine', name: 'Engine' }),
    );
    expect(imported).toMatchObject({ productId: 'engine', version: 1 });
  });

  it('answers an upload that is not JSON as an invalid model, and one that is gone without naming where it was', async () => {
    await expect(
      uploads.with('{"id": ', (upload) => client.request(ConfiguratorRequests.publishModel, { upload })),
    ).rejects.toMatchObject({ code: 'INVALID_MODEL' });
    const gone = await client
      .request(ConfiguratorRequests.publishYaml, { upload: { object: randomUUID() } })
      .catch((error) => error);
    expect(gone).toMatchObject({ code: 'DEPENDENCY_UNAVAILABLE' });
    expect(gone.message).not.toContain(uploadsBucketName(new Namespace(ns)));
    expect(gone.message).not.toContain('$O');
  });

  it('refuses a request with both inline content and an upload, or neither', async () => {
    const upload = { object: randomUUID() };
    await expect(client.request(ConfiguratorRequests.publishYaml, { content: 'id: x', upload })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(client.request(ConfiguratorRequests.publishYaml, {})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(client.request(ConfiguratorRequests.publishModel, { document: suit, upload })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
