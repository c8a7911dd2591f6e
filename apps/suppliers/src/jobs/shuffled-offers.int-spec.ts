import { SchedulingEvents, SuppliersRequests, type EventEnvelope, type IssuedPrincipal } from '@atelier/contracts';
import { eventEnvelope } from '@atelier/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { offeredJob, SuppliersHarness, type JobOffered } from '../testing/suppliers-harness';

const HOUR = 3_600_000;
const factoryBody = {
  name: 'Works',
  timeZone: 'Europe/Berlin',
  calendar: { workingHours: [1, 2, 3, 4, 5].map((day) => ({ day, from: '07:00', to: '15:00' })), closures: [] },
  capabilities: [{ capability: 'assembly', workCentres: 2, speedFactor: 1 }],
};

/** A job's life as scheduling publishes it: offered (revision 1), moved twice (2, 3), perhaps cancelled. */
function lifeOf(job: JobOffered, cancelled: boolean): EventEnvelope[] {
  const moved = (revision: number) => {
    const shift = (at: string) => new Date(Date.parse(at) + (revision - 1) * HOUR).toISOString();
    const data = {
      ...{
        jobId: job.jobId,
        orderId: job.orderId,
        supplierId: job.supplierId,
        factoryId: job.factoryId,
        workCentre: revision % 2,
      },
      ...{ plannedStart: shift(job.plannedStart), plannedEnd: shift(job.plannedEnd), reason: `plan ${revision}` },
    };
    return eventEnvelope(SchedulingEvents.jobRescheduled, job.jobId, data, { aggregateVersion: revision });
  };
  return [
    eventEnvelope(SchedulingEvents.jobOffered, job.jobId, job, { aggregateVersion: 1 }),
    moved(2),
    moved(3),
    ...(cancelled
      ? [
          eventEnvelope(
            SchedulingEvents.jobCancelled,
            job.jobId,
            { jobId: job.jobId, orderId: job.orderId, supplierId: job.supplierId, reason: 'order cancelled' },
            { aggregateVersion: 4 },
          ),
        ]
      : []),
  ];
}

const deliveries = fc.record({
  cancelled: fc.boolean(),
  order: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
  repeats: fc.array(fc.nat(3), { maxLength: 3 }),
});

/**
 * Suppliers' consumer of scheduling's job events gives the same job whatever the order and number
 * of deliveries (two replicas share the consumer): a cancelled job is withdrawn (or never
 * appears, if its cancel came first), any other stands as offered at the newest plan's times.
 */
describe('suppliers under shuffled and repeated job events (property, real PostgreSQL and NATS)', () => {
  let h: SuppliersHarness;
  let supplier: IssuedPrincipal;
  let factoryId: string;

  beforeAll(async () => {
    // Offers that do not expire during the test: only the events decide the job.
    h = await SuppliersHarness.start('suppliers-shuffle', { OFFER_TIMEOUT_SECONDS: '3600' });
    supplier = await h.call(SuppliersRequests.createSupplier, { name: 'Gamma Works' });
    factoryId = (await h.call(SuppliersRequests.createFactory, { ...factoryBody, supplierId: supplier.id })).id;
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('ends every job in the same state, whatever the delivery order', async () => {
    const cases = fc.sample(deliveries, { numRuns: 24, seed: 20261202 }).map((c) => {
      const job = offeredJob(supplier.id, factoryId, { jobId: randomUUID() });
      const life = lifeOf(job, c.cancelled);
      const sequence = c.order.filter((i) => i < life.length).map((i) => ({ envelope: life[i], again: false }));
      for (const i of c.repeats.filter((r) => r < life.length)) sequence.push({ envelope: life[i], again: true });
      return { ...c, job, life, sequence };
    });
    // Interleaved across jobs, as a busy stream delivers them.
    const longest = Math.max(...cases.map((c) => c.sequence.length));
    for (let step = 0; step < longest; step++) {
      for (const { sequence } of cases) {
        const delivery = sequence[step];
        if (!delivery) continue;
        // A repeat is the same envelope stored again (a redelivery after a lost acknowledgement).
        const msgID = delivery.again ? `${delivery.envelope.id}-${randomUUID()}` : delivery.envelope.id;
        await h.publish(subjectOf(delivery.envelope), delivery.envelope, { msgID });
      }
    }
    await h.schedulingEventsHandled();

    for (const { job, cancelled, life } of cases) {
      const reply = await h.request(SuppliersRequests.getJob, { supplierId: supplier.id, jobId: job.jobId });
      if (cancelled) {
        // Withdrawn, or never shown at all when its cancel came before its offer.
        if (reply.ok) expect(reply.data.status).toBe('cancelled');
        else expect(reply.error.code).toBe('NOT_FOUND');
        continue;
      }
      expect(reply.ok).toBe(true);
      const newest = life[2].data as { plannedStart: string; plannedEnd: string; workCentre: number };
      expect(reply.ok && reply.data).toMatchObject({
        status: 'offered',
        plannedStart: newest.plannedStart,
        plannedEnd: newest.plannedEnd,
        workCentre: newest.workCentre,
      });
    }
  });
});

function subjectOf(envelope: EventEnvelope): string {
  const contract = [SchedulingEvents.jobOffered, SchedulingEvents.jobRescheduled, SchedulingEvents.jobCancelled].find(
    (c) => c.type === envelope.type,
  );
  return contract!.subject;
}
