import { cleanUpNamespace, OutageProxy, testDatabaseUrl, testNamespace, waitFor } from '@atelier/testing';
import { startSystem, withAppOutput, type RunningSystem } from './support/system';

const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** An app's life as an orchestrator sees it: started before its dependencies, and stopped with SIGTERM. */
describe('app lifecycle', () => {
  const namespace = testNamespace('lifecycle');
  let system: RunningSystem;
  let postgres: OutageProxy;
  let nats: OutageProxy;

  beforeAll(async () => {
    const db = new URL(testDatabaseUrl);
    const bus = new URL(natsUrl);
    postgres = await OutageProxy.start({ host: db.hostname, port: Number(db.port || 5432) });
    nats = await OutageProxy.start({ host: bus.hostname, port: Number(bus.port || 4222) });
  });

  afterAll(async () => {
    await system?.stop();
    await postgres?.close();
    await nats?.close();
    await cleanUpNamespace(namespace);
  });

  it('started while PostgreSQL and NATS are down, an app is live but not ready, and becomes ready once they are back', async () => {
    postgres.cut();
    nats.cut();
    system = await startSystem(
      namespace,
      { DATABASE_URL: postgres.url(testDatabaseUrl), NATS_URL: nats.url(natsUrl).replace(/\/$/, '') },
      ['orders'],
      { awaitReady: false },
    );
    await withAppOutput(system, async () => {
      await waitFor('orders to answer live while it waits', async () => (await system.probe('orders', '/health/live')) === 200, {
        timeoutMs: 30_000,
      });
      expect(await system.probe('orders', '/health/ready')).toBe(503);
      await waitFor('orders to have tried NATS and PostgreSQL', () => nats.attemptsWhileDown + postgres.attemptsWhileDown > 0);
      nats.restore();
      postgres.restore();
      await waitFor('orders to become ready once its dependencies are back', () => system.isReady('orders'), {
        timeoutMs: 60_000,
      });
      expect(system.output.filter((line) => / exited with /.test(line))).toEqual([]);
    });
  });

  it('stops on SIGTERM with exit code 0', () =>
    withAppOutput(system, async () => {
      await system.stop();
      expect(system.output).toContainEqual('[orders] exited with 0');
    }));
});
