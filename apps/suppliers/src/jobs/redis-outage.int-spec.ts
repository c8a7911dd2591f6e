import { SuppliersRequests, type FactoryData, type IssuedPrincipal } from '@atelier/contracts';
import { waitFor } from '@atelier/testing';
import { offeredJob, SuppliersHarness, type JobOffered } from '../testing/suppliers-harness';
import { OfferSweep } from './offer-sweep';

/** Far below the 10 s after which the gateway answers 503. */
const PROMPTLY = { timeoutMs: 5_000 };

describe('suppliers jobs while Redis is down (integration)', () => {
  let h: SuppliersHarness;
  let supplier: IssuedPrincipal;
  let factory: FactoryData;

  beforeAll(async () => {
    // Nothing listens on this port: the offer deadlines cannot be armed nor withdrawn.
    h = await SuppliersHarness.start('redisdown', { REDIS_URL: 'redis://127.0.0.1:6390' });
    supplier = await h.call(SuppliersRequests.createSupplier, { name: 'Gamma Works' });
    factory = await h.call(SuppliersRequests.createFactory, {
      ...{ name: 'Works', timeZone: 'UTC', calendar: { workingHours: [], closures: [] } },
      ...{ supplierId: supplier.id, capabilities: [{ capability: 'assembly', workCentres: 1, speedFactor: 1 }] },
    });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const offered = async (job: JobOffered) => {
    await h.offer(job);
    return waitFor(
      `job ${job.jobId} offered`,
      async () => {
        const reply = await h.request(SuppliersRequests.getJob, { supplierId: supplier.id, jobId: job.jobId });
        return reply.ok ? reply.data : undefined;
      },
      PROMPTLY,
    );
  };

  it('stores offers and answers an accept promptly', async () => {
    const job = offeredJob(supplier.id, factory.id);
    await offered(job);
    const started = Date.now();
    const reply = await h.request(SuppliersRequests.actOnJob, {
      supplierId: supplier.id,
      jobId: job.jobId,
      act: { action: 'accept' },
    });
    expect(reply).toMatchObject({ ok: true, data: { status: 'accepted' } });
    expect(Date.now() - started).toBeLessThan(PROMPTLY.timeoutMs);
    await h.waitForEvent('job.accepted', (d) => d.jobId === job.jobId, PROMPTLY.timeoutMs);
  });

  it('does not lose the deadline of an offer it could not arm: the sweep expires it', async () => {
    const job = offeredJob(supplier.id, factory.id);
    const view = await offered(job);
    await waitFor('the offer deadline to pass', () => Date.now() > Date.parse(view.offerDeadline!) + 100);
    expect(await h.get(OfferSweep).sweep()).toBeGreaterThanOrEqual(1);
    await h.waitForEvent('job.expired', (d) => d.jobId === job.jobId, PROMPTLY.timeoutMs);
  });
});
