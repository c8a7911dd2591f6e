import type { INestApplicationContext } from '@nestjs/common';
import { ConfiguratorRequests } from '@atelier/contracts';
import { sampleModels } from '@atelier/configurator-engine';
import { RequestClient } from '@atelier/messaging';
import { loadConfig, startInProcess } from '@atelier/platform';
import { cleanUpNamespace, testNamespace, testServiceEnv } from '@atelier/testing';
import { AppModule } from './app.module';
import { readConfiguratorSettings } from './configurator-settings';

const ns = testNamespace('model-checks');
const bicycle = sampleModels.find((m) => m.id === 'bicycle')!;
/** Short, so the hard import below is refused within the test. */
const CHECK_TIME_LIMIT_MS = 1_500;

/** PHP 10→9 as DIMACS: 415 clauses; showing it has no solution takes this solver about a minute. */
function pigeonholeDimacs(pigeons: number, holes: number): string {
  const inHole = (pigeon: number, hole: number) => pigeon * holes + hole + 1;
  const clauses: number[][] = [];
  for (let pigeon = 0; pigeon < pigeons; pigeon++) clauses.push(Array.from({ length: holes }, (_, hole) => inHole(pigeon, hole)));
  for (let hole = 0; hole < holes; hole++) {
    for (let a = 0; a < pigeons; a++) for (let b = a + 1; b < pigeons; b++) clauses.push([-inHole(a, hole), -inHole(b, hole)]);
  }
  return [`p cnf ${pigeons * holes} ${clauses.length}`, ...clauses.map((clause) => `${clause.join(' ')} 0`)].join('\n');
}

/** Issue 7: one hard or huge model must not stall every other customer's requests. */
describe('model checks off the request thread', () => {
  let app: INestApplicationContext;
  let client: RequestClient;

  beforeAll(async () => {
    const config = loadConfig('configurator', testServiceEnv(ns));
    const settings = { ...readConfiguratorSettings({}), modelCheckTimeLimitMs: CHECK_TIME_LIMIT_MS };
    app = await startInProcess(AppModule.forConfig(config, settings), { logger: ['error'] });
    client = app.get(RequestClient);
    await client.request(ConfiguratorRequests.publishModel, { document: bicycle });
  });

  afterAll(async () => {
    await app?.close();
    await cleanUpNamespace(ns);
  });

  it('keeps answering configure requests while a hard import is checked, then refuses the import as too hard', async () => {
    const configureBicycle = () =>
      client.request(ConfiguratorRequests.configure, { productId: 'bicycle', selections: { frame_material: 'steel' } });
    await configureBicycle(); // the first request loads the model; the ones below find it loaded
    let importSettled = false;
    const importing = client
      .request(
        ConfiguratorRequests.importModel,
        { format: 'dimacs', content: pigeonholeDimacs(10, 9), id: 'pigeons', name: 'Pigeons' },
        { timeoutMs: 30_000 },
      )
      .finally(() => (importSettled = true));
    const outcome = importing.then(
      () => 'published',
      (error: unknown) => error,
    );
    // This test shares its thread with the service: had the check run here, nothing would answer until it ended.
    let answeredDuringCheck = 0;
    while (!importSettled) {
      const answer = await configureBicycle();
      expect(answer).toMatchObject({ valid: true, version: 1 });
      if (!importSettled) answeredDuringCheck += 1;
    }
    expect(await outcome).toMatchObject({ code: 'TOO_HARD', message: expect.stringContaining('too hard to check within 1.5 s') });
    expect(answeredDuringCheck).toBeGreaterThanOrEqual(3);
    await expect(client.request(ConfiguratorRequests.listVersions, { productId: 'pigeons' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses a DIMACS header announcing 200 million variables at once, naming the limit', async () => {
    await expect(
      client.request(ConfiguratorRequests.importModel, {
        format: 'dimacs',
        content: 'p cnf 200000000 1\n1 0\n',
        id: 'huge',
        name: 'Huge',
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_MODEL',
      message: expect.stringContaining('200000000 variables; at most 100,000 options (variables) per model'),
    });
    await expect(client.request(ConfiguratorRequests.listVersions, { productId: 'huge' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('counts on a worker, answering two requests at once alike, and keeps the count', async () => {
    const [first, second] = await Promise.all([
      client.request(ConfiguratorRequests.countConfigurations, { productId: 'bicycle' }),
      client.request(ConfiguratorRequests.countConfigurations, { productId: 'bicycle' }),
    ]);
    expect(second).toEqual(first);
    expect(BigInt(first.count)).toBeGreaterThan(0n);
    await expect(client.request(ConfiguratorRequests.countConfigurations, { productId: 'bicycle' })).resolves.toEqual(first);
  });
});
