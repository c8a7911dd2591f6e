import { SuppliersRequests, type FactoryData, type IssuedPrincipal, type JobAction, type JobStatus } from '@atelier/contracts';
import { waitFor } from '@atelier/testing';
import { randomUUID } from 'node:crypto';
import { offeredJob, SuppliersHarness, type JobOffered } from '../testing/suppliers-harness';

const factoryBody = {
  name: 'Works',
  timeZone: 'Europe/Berlin',
  calendar: { workingHours: [1, 2, 3, 4, 5].map((day) => ({ day, from: '07:00', to: '15:00' })), closures: [] },
  capabilities: [{ capability: 'assembly', workCentres: 2, speedFactor: 1 }],
};

/**
 * Suppliers decides whether an order may still be cancelled (orders asks it, SuppliersRequests.closeOrder),
 * because a start happens here. These races run a customer's cancel and a supplier's action on the same
 * order at the same moment, many times over, and check that exactly one story holds afterwards.
 */
describe('closing an order for a cancel, racing the supplier (integration: PostgreSQL, NATS, Redis)', () => {
  let h: SuppliersHarness;
  let supplier: IssuedPrincipal;
  let factory: FactoryData;

  beforeAll(async () => {
    h = await SuppliersHarness.start('closures', { OFFER_TIMEOUT_SECONDS: '600' });
    supplier = await h.call(SuppliersRequests.createSupplier, { name: 'Gamma Works' });
    factory = await h.call(SuppliersRequests.createFactory, { ...factoryBody, supplierId: supplier.id });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const act = (job: JobOffered, action: JobAction) =>
    h.request(SuppliersRequests.actOnJob, { supplierId: job.supplierId, jobId: job.jobId, act: action });
  const close = (orderId: string, reason: string | null = 'changed my mind') =>
    h.request(SuppliersRequests.closeOrder, { orderId, reason });
  const statusOf = async (job: JobOffered): Promise<JobStatus> =>
    (await h.call(SuppliersRequests.getJob, { supplierId: job.supplierId, jobId: job.jobId })).status;

  /** `count` orders of two jobs each, offered and seen here, each job moved by `prepare` first. */
  async function orders(
    count: number,
    prepare: JobAction[],
  ): Promise<Array<{ orderId: string; first: JobOffered; second: JobOffered }>> {
    const made = Array.from({ length: count }, () => {
      const orderId = randomUUID();
      const job = (operationId: string) =>
        offeredJob(supplier.id, factory.id, { orderId, operationId, jobId: `job-${randomUUID()}` });
      return { orderId, first: job('cut'), second: job('weld') };
    });
    for (const { first, second } of made) await Promise.all([h.offer(first), h.offer(second)]);
    for (const { first, second } of made) {
      for (const job of [first, second]) {
        await waitFor(
          `job ${job.jobId} offered`,
          async () => (await h.request(SuppliersRequests.getJob, { supplierId: supplier.id, jobId: job.jobId })).ok,
        );
      }
      for (const action of prepare) expect(await act(first, action)).toMatchObject({ ok: true });
    }
    return made;
  }

  const closedEvents = (orderId: string) => h.eventsOf('order.closed', (d) => d.orderId === orderId);

  it('lets exactly one of cancel and start win, in 100 races', async () => {
    const raced = await orders(100, [{ action: 'accept' }]);
    const outcomes = await Promise.all(
      raced.map(async ({ orderId, first }, index) => {
        // Half the pairs send the cancel first, half the start.
        const [closing, starting] =
          index % 2 === 0
            ? await Promise.all([close(orderId), act(first, { action: 'start' })])
            : await Promise.all([act(first, { action: 'start' }), close(orderId)]).then(([s, c]) => [c, s] as const);
        return { closing, starting };
      }),
    );

    let cancelled = 0;
    for (const [index, { closing, starting }] of outcomes.entries()) {
      const { orderId, first, second } = raced[index];
      expect([closing.ok, starting.ok]).toContain(true);
      expect(closing.ok && starting.ok).toBe(false);
      if (closing.ok) {
        cancelled++;
        expect(starting).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
        expect([await statusOf(first), await statusOf(second)]).toEqual(['cancelled', 'cancelled']);
        // And it stays so: a start after the cancel answers 409 too.
        expect(await act(first, { action: 'start' })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
      } else {
        expect(closing).toMatchObject({
          ok: false,
          error: { code: 'INVALID_TRANSITION', message: expect.stringMatching(/Production has started/) },
        });
        expect([await statusOf(first), await statusOf(second)]).toEqual(['in_progress', 'offered']);
        expect(closedEvents(orderId)).toEqual([]);
      }
    }
    // Both outcomes happened: the race was real.
    expect(cancelled).toBeGreaterThan(0);
    expect(cancelled).toBeLessThan(100);
    for (const { orderId } of raced.filter((_, index) => outcomes[index].closing.ok)) {
      await waitFor(`order.closed of ${orderId}`, async () => closedEvents(orderId).length === 1);
    }
    const started = raced.filter((_, index) => outcomes[index].starting.ok);
    for (const { first } of started)
      await waitFor(
        `job.started of ${first.jobId}`,
        async () => h.eventsOf('job.started', (d) => d.jobId === first.jobId).length === 1,
      );
  });

  it('cancels over an accept, a reject or a delay racing it, and withdraws whatever the supplier did', async () => {
    const offered = await orders(20, []);
    const accepted = await orders(20, [{ action: 'accept' }]);
    const races = [
      ...offered.slice(0, 10).map((o) => ({ ...o, action: { action: 'accept' } as JobAction, before: 'accepted' })),
      ...offered
        .slice(10)
        .map((o) => ({ ...o, action: { action: 'reject', reason: 'no capacity' } as JobAction, before: 'rejected' })),
      ...accepted.map((o) => ({
        ...o,
        action: { action: 'delay', newEnd: '2031-01-01T00:00:00Z', reason: 'late steel' } as JobAction,
        before: 'accepted',
      })),
    ];
    const outcomes = await Promise.all(
      races.map(({ orderId, first, action }) => Promise.all([close(orderId), act(first, action)])),
    );
    for (const [index, [closing, acting]] of outcomes.entries()) {
      const { first, second, before } = races[index];
      // Nothing here has started, so the cancel is always granted.
      expect(closing).toMatchObject({ ok: true, data: { closed: true } });
      // The supplier's action either came first (and the job was then withdrawn, unless it was a refusal) or was refused.
      const status = await statusOf(first);
      if (acting.ok) expect(status).toBe(before === 'rejected' ? 'rejected' : 'cancelled');
      else {
        expect(acting).toMatchObject({ error: { code: 'INVALID_TRANSITION' } });
        expect(status).toBe('cancelled');
      }
      expect(await statusOf(second)).toBe('cancelled');
    }
  });

  it('leaves a job being completed to its supplier: the cancel racing it is refused', async () => {
    const producing = await orders(20, [{ action: 'accept' }, { action: 'start' }]);
    const outcomes = await Promise.all(
      producing.map(({ orderId, first }) =>
        Promise.all([close(orderId), act(first, { action: 'complete', goodQuantity: first.quantity })]),
      ),
    );
    for (const [index, [closing, completing]] of outcomes.entries()) {
      expect(closing).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
      expect(completing).toMatchObject({ ok: true, data: { status: 'completed' } });
      expect(await statusOf(producing[index].second)).toBe('offered');
    }
  });

  it('grants a cancel again on retry with one order.closed, and ignores an offer of the order arriving later', async () => {
    const [{ orderId, first }] = await orders(1, []);
    expect(await close(orderId, 'too slow')).toMatchObject({ ok: true });
    expect(await close(orderId, 'too slow')).toMatchObject({ ok: true });
    const closed = await waitFor('order.closed', async () => closedEvents(orderId)[0]);
    expect(closed.data).toEqual({ orderId, reason: 'too slow' });
    expect(await h.call(SuppliersRequests.getJob, { supplierId: supplier.id, jobId: first.jobId })).toMatchObject({
      status: 'cancelled',
      statusReason: 'Order cancelled: too slow',
    });

    // Scheduling re-plans a job of it that was in flight: the offer is not stored.
    const late = offeredJob(supplier.id, factory.id, { orderId, jobId: `job-${randomUUID()}` });
    await h.offer(late);
    const marker = offeredJob(supplier.id, factory.id, { jobId: `job-${randomUUID()}` });
    await h.offer(marker);
    await waitFor(
      'a later offer stored',
      async () => (await h.request(SuppliersRequests.getJob, { supplierId: supplier.id, jobId: marker.jobId })).ok,
    );
    expect(await h.request(SuppliersRequests.getJob, { supplierId: supplier.id, jobId: late.jobId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(closedEvents(orderId)).toHaveLength(1);
  });

  it('answers a repeated action with the job as it is, and emits nothing more', async () => {
    const [{ first }] = await orders(1, []);
    const accepted = await act(first, { action: 'accept' });
    expect(await act(first, { action: 'accept' })).toEqual(accepted);
    const started = await act(first, { action: 'start' });
    expect(await act(first, { action: 'start' })).toEqual(started);
    const completion = { action: 'complete' as const, goodQuantity: first.quantity - 1, scrapQuantity: 1 };
    const completed = await act(first, completion);
    expect(await act(first, completion)).toEqual(completed);
    expect(await act(first, { ...completion, goodQuantity: first.quantity, scrapQuantity: 0 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_TRANSITION' },
    });
    await waitFor('job.completed', async () => h.eventsOf('job.completed', (d) => d.jobId === first.jobId).length === 1);
    const events = h.events.filter((e) => e.aggregateId === first.jobId).map((e) => e.type);
    expect(events).toEqual(['job.accepted', 'job.started', 'job.completed']);
  });
});
