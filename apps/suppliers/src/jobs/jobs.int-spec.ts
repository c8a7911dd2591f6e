import {
  encodeCursor,
  SchedulingEvents,
  SuppliersRequests,
  type FactoryData,
  type IssuedPrincipal,
  type JobAction,
  type SupplierJobView,
} from '@atelier/contracts';
import { eventEnvelope, waitFor } from '@atelier/testing';
import { offeredJob, SuppliersHarness, type JobOffered } from '../testing/suppliers-harness';
import { offerExpiryJobId } from './offer-deadlines';
import { OfferSweep } from './offer-sweep';
import { Clock } from '@atelier/platform';

const factoryBody = {
  name: 'Works',
  timeZone: 'Europe/Berlin',
  calendar: { workingHours: [1, 2, 3, 4, 5].map((day) => ({ day, from: '07:00', to: '15:00' })), closures: [] },
  capabilities: [{ capability: 'assembly', workCentres: 2, speedFactor: 1 }],
};

describe('suppliers jobs (integration: PostgreSQL, NATS, Redis)', () => {
  let h: SuppliersHarness;
  let supplierA: IssuedPrincipal;
  let supplierB: IssuedPrincipal;
  let factoryA: FactoryData;
  let factoryB: FactoryData;

  beforeAll(async () => {
    h = await SuppliersHarness.start();
    supplierA = await h.call(SuppliersRequests.createSupplier, { name: 'Alpha Joinery' });
    supplierB = await h.call(SuppliersRequests.createSupplier, { name: 'Beta Metal' });
    factoryA = await h.call(SuppliersRequests.createFactory, { ...factoryBody, supplierId: supplierA.id });
    factoryB = await h.call(SuppliersRequests.createFactory, { ...factoryBody, supplierId: supplierB.id });
  });

  afterAll(async () => {
    await h?.stop();
  });

  const act = (job: JobOffered, action: JobAction) =>
    h.request(SuppliersRequests.actOnJob, { supplierId: job.supplierId, jobId: job.jobId, act: action });

  const seenByA = (job: JobOffered) =>
    waitFor(`job ${job.jobId} offered to A`, async () => {
      const reply = await h.request(SuppliersRequests.getJob, { supplierId: supplierA.id, jobId: job.jobId });
      return reply.ok ? reply.data : undefined;
    });

  /** Offers a job to supplier A and waits until A can see it. */
  async function offerToA(overrides: Partial<JobOffered> = {}): Promise<{ job: JobOffered; view: SupplierJobView }> {
    const job = offeredJob(supplierA.id, factoryA.id, overrides);
    await h.offer(job);
    return { job, view: await seenByA(job) };
  }

  it('shows a supplier its offered job with the full specification, and nobody else', async () => {
    const { job, view } = await offerToA();
    expect(view).toMatchObject({
      jobId: job.jobId,
      orderId: job.orderId,
      status: 'offered',
      selections: job.selections,
      bom: job.bom,
      plannedStart: job.plannedStart,
      plannedEnd: job.plannedEnd,
      isLastOperation: true,
      progressPercent: 0,
    });
    const deadline = Date.parse(view.offerDeadline!);
    expect(deadline - Date.now()).toBeGreaterThan(-1_000);
    expect(deadline - Date.now()).toBeLessThanOrEqual(2_000);

    const asB = { supplierId: supplierB.id, jobId: job.jobId };
    expect((await h.failure(SuppliersRequests.getJob, asB)).code).toBe('NOT_FOUND');
    expect((await h.failure(SuppliersRequests.actOnJob, { ...asB, act: { action: 'accept' } })).code).toBe('NOT_FOUND');
    const listOfB = await h.call(SuppliersRequests.listJobs, { supplierId: supplierB.id, limit: 100 });
    expect(listOfB.items.map((j) => j.jobId)).not.toContain(job.jobId);
    const listOfA = await h.call(SuppliersRequests.listJobs, { supplierId: supplierA.id, limit: 100 });
    expect(listOfA.items.map((j) => j.jobId)).toContain(job.jobId);
    const wrongFactory = await h.call(SuppliersRequests.listJobs, {
      supplierId: supplierA.id,
      factoryId: factoryB.id,
      limit: 100,
    });
    expect(wrongFactory.items).toEqual([]);
  });

  it('runs accept, start, progress, complete and a shipping notice, emitting each event in order', async () => {
    const { job } = await offerToA();
    for (const action of [
      { action: 'accept' as const },
      { action: 'start' as const },
      { action: 'progress' as const, percent: 40, note: 'legs done' },
      { action: 'complete' as const, goodQuantity: 2, scrapQuantity: 0 },
    ]) {
      const reply = await act(job, action);
      expect(reply).toMatchObject({ ok: true });
    }
    const asB = { supplierId: supplierB.id, jobIds: [job.jobId], carrier: 'DHL', trackingNumber: 'B-1' };
    expect((await h.failure(SuppliersRequests.createShipment, asB)).code).toBe('NOT_FOUND');
    const shipment = await h.call(SuppliersRequests.createShipment, {
      ...asB,
      supplierId: supplierA.id,
      trackingNumber: 'JD0001',
    });
    expect(shipment).toMatchObject({ jobIds: [job.jobId], carrier: 'DHL', trackingNumber: 'JD0001' });

    const dispatched = await h.waitForEvent('shipment.dispatched', (d) => d.shipmentId === shipment.id);
    expect(dispatched.data).toEqual({
      shipmentId: shipment.id,
      supplierId: supplierA.id,
      carrier: 'DHL',
      trackingNumber: 'JD0001',
      jobs: [{ jobId: job.jobId, orderId: job.orderId, lineId: job.lineId }],
    });
    const ofThisJob = h.events.filter((e) => e.aggregateId === job.jobId || e.aggregateId === shipment.id);
    expect(ofThisJob.map((e) => [e.type, e.aggregateVersion])).toEqual([
      ['job.accepted', 2],
      ['job.started', 3],
      ['job.progressed', 4],
      ['job.completed', 5],
      ['shipment.dispatched', 1],
    ]);
    expect(ofThisJob[2].data).toMatchObject({ jobId: job.jobId, percent: 40, note: 'legs done' });
    expect(ofThisJob[3].data).toMatchObject({ jobId: job.jobId, orderId: job.orderId, goodQuantity: 2, scrapQuantity: 0 });
    expect(ofThisJob[0].correlationId).not.toBe(ofThisJob[1].correlationId); // each request is its own correlation

    const again = await h.failure(SuppliersRequests.createShipment, { ...asB, supplierId: supplierA.id });
    expect(again.code).toBe('CONFLICT');
    const view = await h.call(SuppliersRequests.getJob, { supplierId: supplierA.id, jobId: job.jobId });
    expect(view).toMatchObject({ status: 'completed', progressPercent: 100, goodQuantity: 2, scrapQuantity: 0 });
  });

  it("arms an offer's deadline with its order and correlation id, which its expiry is logged under", async () => {
    const job = offeredJob(supplierA.id, factoryA.id);
    const envelope = await h.offer(job);
    const armed = await waitFor(
      'its deadline armed',
      async () => (await h.deadlines.getJob(offerExpiryJobId(job.jobId))) ?? null,
    );
    expect(armed.data).toEqual({ jobId: job.jobId, orderId: job.orderId, correlationId: envelope.correlationId });
  });

  it('emits job.rejected with the reason when the supplier refuses', async () => {
    const { job } = await offerToA();
    const reply = await act(job, { action: 'reject', reason: 'no oak in stock' });
    expect(reply).toMatchObject({ ok: true, data: { status: 'rejected' } });
    const rejected = await h.waitForEvent('job.rejected', (d) => d.jobId === job.jobId);
    expect(rejected.data).toMatchObject({
      jobId: job.jobId,
      supplierId: supplierA.id,
      factoryId: factoryA.id,
      reason: 'no oak in stock',
    });
    expect(await h.deadlines.getJob(offerExpiryJobId(job.jobId))).toBeUndefined();
  });

  it('expires an offer nobody answers, and not one that was answered', async () => {
    const { job: answered } = await offerToA();
    const { job: ignored } = await offerToA();
    expect(await act(answered, { action: 'accept' })).toMatchObject({ ok: true });
    expect(await h.deadlines.getJob(offerExpiryJobId(answered.jobId))).toBeUndefined();

    const expired = await h.waitForEvent('job.expired', (d) => d.jobId === ignored.jobId, 20_000);
    expect(expired.data).toMatchObject({ jobId: ignored.jobId, orderId: ignored.orderId, supplierId: supplierA.id });
    const view = await h.call(SuppliersRequests.getJob, { supplierId: supplierA.id, jobId: ignored.jobId });
    expect(view.status).toBe('expired');
    expect((await act(ignored, { action: 'accept' })).ok).toBe(false);
    // The answered offer's deadline was as near; it was withdrawn, so it stays accepted.
    expect(h.eventsOf('job.expired', (d) => d.jobId === answered.jobId)).toEqual([]);
    const stillAccepted = await h.call(SuppliersRequests.getJob, { supplierId: supplierA.id, jobId: answered.jobId });
    expect(stillAccepted.status).toBe('accepted');
  });

  it('expires, by the sweep, an offer whose deadline passed without an expiry job', async () => {
    const { job, view } = await offerToA();
    // The expiry job is gone (failed, or lost with Redis): only the sweep is left to expire the offer.
    expect(await h.deadlines.remove(offerExpiryJobId(job.jobId))).toBe(1);
    // The deadline passes on the app's clock (moved, not waited for).
    h.advanceClock(Math.max(0, Date.parse(view.offerDeadline!) - h.get(Clock).nowMs()) + 1_000);
    expect(h.eventsOf('job.expired', (d) => d.jobId === job.jobId)).toEqual([]);
    expect(await h.get(OfferSweep).sweep()).toBeGreaterThanOrEqual(1);
    const expired = await h.waitForEvent('job.expired', (d) => d.jobId === job.jobId);
    expect(expired.data).toMatchObject({ jobId: job.jobId, orderId: job.orderId, supplierId: supplierA.id });
    expect((await h.call(SuppliersRequests.getJob, { supplierId: supplierA.id, jobId: job.jobId })).status).toBe('expired');
    expect(await h.get(OfferSweep).sweep()).toBe(0); // nothing overdue is left
  });

  it('does not revive a job whose cancellation arrived before its offer (a replayed dead letter)', async () => {
    const job = offeredJob(supplierA.id, factoryA.id);
    await h.cancel(job, 'order cancelled');
    await h.offer(job);
    // Two replicas may handle the two events at once, in either order; they take turns on the order's gate.
    // Whichever went first, the job is not live: never stored (the tombstone won) or stored and withdrawn.
    // (Not found before both were handled would say nothing: wait for them first.)
    await h.schedulingEventsHandled();
    const settled = await waitFor('the cancellation and the late offer handled', async () => {
      const reply = await h.request(SuppliersRequests.getJob, { supplierId: supplierA.id, jobId: job.jobId });
      if (!reply.ok) return reply.error.code === 'NOT_FOUND' ? 'never stored' : undefined;
      return reply.data.status === 'cancelled' ? 'withdrawn' : undefined;
    });
    expect(['never stored', 'withdrawn']).toContain(settled);
    const accept = await act(job, { action: 'accept' });
    expect(accept).toMatchObject({ ok: false, error: { code: settled === 'never stored' ? 'NOT_FOUND' : 'INVALID_TRANSITION' } });
    await waitFor('no deadline left armed', async () => (await h.deadlines.getJob(offerExpiryJobId(job.jobId))) === undefined);
    expect(h.eventsOf('job.accepted', (d) => d.jobId === job.jobId)).toEqual([]);
  });

  it('withdraws an offer when scheduling cancels the job', async () => {
    const { job } = await offerToA();
    await h.cancel(job, 'order cancelled by the customer');
    await waitFor('the offer withdrawn', async () => {
      const view = await h.call(SuppliersRequests.getJob, { supplierId: supplierA.id, jobId: job.jobId });
      return view.status === 'cancelled';
    });
    // Withdrawn after the commit.
    await waitFor('its deadline withdrawn', async () => (await h.deadlines.getJob(offerExpiryJobId(job.jobId))) === undefined);
    const late = await act(job, { action: 'accept' });
    expect(late).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
  });

  it('moves an offer in time when scheduling reschedules it, keeping its deadline, but not a started job', async () => {
    const { job, view } = await offerToA();
    const { job: started } = await offerToA();
    await act(started, { action: 'accept' });
    await act(started, { action: 'start' });
    const later = (iso: string) => new Date(Date.parse(iso) + 2 * 3_600_000).toISOString();
    for (const moved of [job, started]) {
      const data = {
        ...{ jobId: moved.jobId, orderId: moved.orderId, supplierId: moved.supplierId, factoryId: moved.factoryId },
        ...{ workCentre: moved.workCentre, plannedStart: later(moved.plannedStart), plannedEnd: later(moved.plannedEnd) },
        reason: 'plan improved',
      };
      // Scheduling's revision of the job: above the offer's (1 from the harness).
      const envelope = eventEnvelope(SchedulingEvents.jobRescheduled, moved.jobId, data, { aggregateVersion: 3 });
      await h.publish(SchedulingEvents.jobRescheduled.subject, envelope, { msgID: envelope.id });
    }
    const rescheduled = await waitFor('the offer rescheduled', async () => {
      const seen = await h.call(SuppliersRequests.getJob, { supplierId: supplierA.id, jobId: job.jobId });
      return seen.plannedStart === later(job.plannedStart) ? seen : undefined;
    });
    // The offer's deadline (2 s here) stands: it may have expired since, which changes nothing to the times.
    expect(rescheduled).toMatchObject({ plannedEnd: later(job.plannedEnd), offerDeadline: view.offerDeadline });
    await h.schedulingEventsHandled();
    const inProduction = await h.call(SuppliersRequests.getJob, { supplierId: supplierA.id, jobId: started.jobId });
    expect(inProduction).toMatchObject({
      status: 'in_progress',
      plannedStart: started.plannedStart,
      plannedEnd: started.plannedEnd,
    });

    // An older plan of the job delivered after the newer one (revision 2 after 3) changes nothing.
    const stale = {
      ...{
        jobId: job.jobId,
        orderId: job.orderId,
        supplierId: job.supplierId,
        factoryId: job.factoryId,
        workCentre: job.workCentre,
      },
      ...{ plannedStart: job.plannedStart, plannedEnd: job.plannedEnd, reason: 'an older plan' },
    };
    const staleEnvelope = eventEnvelope(SchedulingEvents.jobRescheduled, job.jobId, stale, { aggregateVersion: 2 });
    await h.publish(SchedulingEvents.jobRescheduled.subject, staleEnvelope, { msgID: staleEnvelope.id });
    await h.schedulingEventsHandled();
    const still = await h.call(SuppliersRequests.getJob, { supplierId: supplierA.id, jobId: job.jobId });
    expect(still).toMatchObject({ plannedStart: later(job.plannedStart), plannedEnd: later(job.plannedEnd) });
  });

  it('cancels an accepted job too, and leaves one already in production to its supplier', async () => {
    const { job: accepted } = await offerToA();
    const { job: started } = await offerToA();
    await act(accepted, { action: 'accept' });
    await act(started, { action: 'accept' });
    await act(started, { action: 'start' });
    await h.cancel(accepted);
    await h.cancel(started);
    await offerToA(); // handled in stream order: both cancellations are behind us
    const statusOf = async (job: JobOffered) =>
      (await h.call(SuppliersRequests.getJob, { supplierId: supplierA.id, jobId: job.jobId })).status;
    expect(await statusOf(accepted)).toBe('cancelled');
    expect(await statusOf(started)).toBe('in_progress');
  });

  it('answers INVALID_TRANSITION for a move the job status does not allow', async () => {
    const { job } = await offerToA({ isLastOperation: false });
    expect(await act(job, { action: 'start' })).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
    expect(await act(job, { action: 'complete', goodQuantity: 1 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_TRANSITION' },
    });
    expect(await act(job, { action: 'accept' })).toMatchObject({ ok: true, data: { status: 'accepted' } });
    // Accepting again is a retry (the answer was lost): the same job, not an error (order-closures.int-spec.ts).
    expect(await act(job, { action: 'accept' })).toMatchObject({ ok: true, data: { status: 'accepted' } });
    expect(await act(job, { action: 'reject', reason: 'changed my mind' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_TRANSITION' },
    });
    const tooEarly = new Date(Date.parse(job.plannedStart) - 60_000).toISOString();
    expect(await act(job, { action: 'delay', newEnd: tooEarly, reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    const ship = { supplierId: supplierA.id, jobIds: [job.jobId], carrier: 'UPS', trackingNumber: '1Z' };
    expect((await h.failure(SuppliersRequests.createShipment, ship)).code).toBe('INVALID_TRANSITION');
    const later = new Date(Date.parse(job.plannedEnd) + 3_600_000).toISOString();
    expect(await act(job, { action: 'delay', newEnd: later, reason: 'late delivery of legs' })).toMatchObject({
      ok: true,
      data: { status: 'accepted', plannedEnd: later },
    });
    await act(job, { action: 'start' });
    await act(job, { action: 'complete', goodQuantity: 2 });
    // Completed, but an intermediate operation: it goes to the next factory, not to the customer.
    expect((await h.failure(SuppliersRequests.createShipment, ship)).code).toBe('VALIDATION_FAILED');
    expect(h.eventsOf('job.delayed', (d) => d.jobId === job.jobId)).toHaveLength(1);
  });

  it('stores offers that arrive together, each with its deadline armed, but none of a closed order or of a withdrawn job', async () => {
    const closedOrder = offeredJob(supplierA.id, factoryA.id);
    await h.call(SuppliersRequests.closeOrder, { orderId: closedOrder.orderId, reason: 'customer changed their mind' });
    const withdrawn = offeredJob(supplierA.id, factoryA.id);
    await h.cancel(withdrawn);
    // Its cancellation handled first (two replicas could otherwise take the two events in either order).
    await h.schedulingEventsHandled();
    const orderIds = Array.from({ length: 10 }, () => crypto.randomUUID());
    const offered = orderIds.flatMap((orderId) =>
      [1, 2, 3].map((sequence) => offeredJob(supplierA.id, factoryA.id, { orderId, sequence })),
    );
    // A burst, so that offers queue up behind one another and are handled in runs.
    await Promise.all([...offered.slice(0, 15), closedOrder, withdrawn, ...offered.slice(15)].map((job) => h.offer(job)));
    await h.schedulingEventsHandled();
    for (const job of offered) {
      const view = await h.call(SuppliersRequests.getJob, { supplierId: supplierA.id, jobId: job.jobId });
      expect(view).toMatchObject({ jobId: job.jobId, orderId: job.orderId, status: 'offered' });
      expect(await h.deadlines.getJob(offerExpiryJobId(job.jobId))).toBeDefined();
    }
    for (const job of [closedOrder, withdrawn]) {
      expect((await h.failure(SuppliersRequests.getJob, { supplierId: supplierA.id, jobId: job.jobId })).code).toBe('NOT_FOUND');
    }
  });

  it('creates nothing twice when the same job.offered envelope is delivered again', async () => {
    const job = offeredJob(supplierA.id, factoryA.id);
    const envelope = eventEnvelope(SchedulingEvents.jobOffered, job.jobId, job);
    await h.publish(SchedulingEvents.jobOffered.subject, envelope, { msgID: envelope.id });
    await seenByA(job);
    expect(await act(job, { action: 'accept' })).toMatchObject({ ok: true });
    await h.waitForEvent('job.accepted', (d) => d.jobId === job.jobId);
    const eventsBefore = h.events.length;
    // The same envelope again, without a Nats-Msg-Id, so the stream keeps the duplicates: the inbox must catch them.
    await h.publish(SchedulingEvents.jobOffered.subject, envelope);
    await h.publish(SchedulingEvents.jobOffered.subject, envelope);
    // Events of a stream are handled in order: once a later offer is in, the duplicates were handled.
    await offerToA();
    const view = await h.call(SuppliersRequests.getJob, { supplierId: supplierA.id, jobId: job.jobId });
    expect(view).toMatchObject({ status: 'accepted' });
    const all = await h.call(SuppliersRequests.listJobs, { supplierId: supplierA.id, limit: 100 });
    expect(all.items.filter((j) => j.jobId === job.jobId)).toHaveLength(1);
    expect(h.events.slice(eventsBefore).filter((e) => e.aggregateId === job.jobId)).toEqual([]);
    expect(await h.deadlines.getJob(offerExpiryJobId(job.jobId))).toBeUndefined();
  });

  it('pages newest first with an opaque cursor', async () => {
    const first = await h.call(SuppliersRequests.listJobs, { supplierId: supplierA.id, limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await h.call(SuppliersRequests.listJobs, { supplierId: supplierA.id, limit: 2, cursor: first.nextCursor! });
    const all = await h.call(SuppliersRequests.listJobs, { supplierId: supplierA.id, limit: 100 });
    expect([...first.items, ...second.items].map((j) => j.jobId)).toEqual(all.items.slice(0, 4).map((j) => j.jobId));
    expect(all.nextCursor).toBeNull();
    const forged = [
      'nope',
      Buffer.from('seq:12').toString('base64url'),
      encodeCursor(['-1']),
      encodeCursor([12]),
      encodeCursor(['1', '2']),
    ];
    for (const cursor of forged) {
      expect((await h.failure(SuppliersRequests.listJobs, { supplierId: supplierA.id, limit: 2, cursor })).code).toBe(
        'VALIDATION_FAILED',
      );
    }
    for (const limit of [0, 101]) {
      expect((await h.failure(SuppliersRequests.listJobs, { supplierId: supplierA.id, limit })).code).toBe('VALIDATION_FAILED');
    }
  });

  it('walks every job exactly once, newest first, while new offers arrive; list items leave out configuration and BOM', async () => {
    const before = (await h.call(SuppliersRequests.listJobs, { supplierId: supplierA.id, limit: 100 })).items.map((j) => j.jobId);
    expect(before.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.call(SuppliersRequests.listJobs, {
        supplierId: supplierA.id,
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      for (const item of page.items) {
        expect(item).not.toHaveProperty('selections');
        expect(item).not.toHaveProperty('bom');
      }
      seen.push(...page.items.map((j) => j.jobId));
      cursor = page.nextCursor ?? undefined;
      await offerToA(); // newer than every page still to come
    } while (cursor);
    expect(seen).toEqual(before);
  });
});
