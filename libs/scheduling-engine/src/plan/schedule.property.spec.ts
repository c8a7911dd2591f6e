import fc from 'fast-check';
import type { Factory, Network, WorkingHours } from '../network/network';
import { checkSchedule } from './check-schedule';
import { compareObjectives } from './objective';
import type { OrderToPlan } from './operation';
import { Schedule } from './schedule';
import { MONDAY } from './schedule.fixture';

const CAPABILITIES = ['cut', 'sew', 'paint'];
const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney'];

const workingHours: fc.Arbitrary<WorkingHours[]> = fc.oneof(
  fc.constant<WorkingHours[]>([]),
  fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 2, max: 12 })).map(([from, length]) =>
    ([1, 2, 3, 4, 5] as const).map((day) => ({
      day,
      from: `${String(from).padStart(2, '0')}:00`,
      to: `${String(Math.min(24, from + length)).padStart(2, '0')}:00`,
    })),
  ),
);

const factoryArbitrary = (id: string): fc.Arbitrary<Factory> =>
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      hours: workingHours,
      closedDay: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
      capabilities: fc.subarray(CAPABILITIES, { minLength: 1 }),
      workCentres: fc.integer({ min: 1, max: 2 }),
      speed: fc.constantFrom(0.5, 1, 1.3, 2),
    })
    .map(({ zone, hours, closedDay, capabilities, workCentres, speed }) => ({
      id,
      supplierId: `s-${id}`,
      calendar: {
        timeZone: zone,
        workingHours: hours,
        closures:
          closedDay === undefined
            ? []
            : [
                {
                  from: new Date(MONDAY + closedDay * 86_400_000).toISOString().slice(0, 10),
                  to: new Date(MONDAY + closedDay * 86_400_000).toISOString().slice(0, 10),
                },
              ],
      },
      capabilities: capabilities.map((capability) => ({ capability, workCentres, speedFactor: speed })),
    }));

const networkArbitrary: fc.Arbitrary<Network> = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 120 }))
  .chain(([ids, transfer]) =>
    fc.tuple(...ids.map((_, i) => factoryArbitrary(`f${i}`))).map((factories) => ({
      factories,
      transferMinutes: { default: transfer, between: { f0: { f1: transfer * 2 } } },
    })),
  );

const ordersArbitrary = fc.array(
  fc.array(
    fc.array(fc.tuple(fc.constantFrom(...CAPABILITIES), fc.integer({ min: 0, max: 600 })), { minLength: 1, maxLength: 4 }),
    {
      minLength: 1,
      maxLength: 2,
    },
  ),
  { minLength: 1, maxLength: 8 },
);

function toOrder(index: number, lines: Array<Array<[string, number]>>): OrderToPlan {
  const orderId = `o${index}`;
  return {
    orderId,
    lines: lines.map((routing, l) => ({
      lineId: `${orderId}-${l}`,
      operations: routing.map(([capability, durationMinutes], s) => ({
        operationId: `${orderId}-${l}-${s}`,
        orderId,
        lineId: `${orderId}-${l}`,
        sequence: s,
        capability,
        durationMinutes,
      })),
    })),
  };
}

describe('Schedule (properties)', () => {
  it('keeps every plan feasible: precedence, transfers, calendars, capacity', () => {
    fc.assert(
      fc.property(networkArbitrary, ordersArbitrary, fc.integer({ min: 0, max: 6 * 86_400_000 }), (net, orders, offset) => {
        const schedule = new Schedule(net);
        orders.forEach((lines, i) => schedule.insertOrder(toOrder(i, lines), { now: MONDAY + offset, horizonDays: 60 }));
        expect(checkSchedule(net, schedule.operations())).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('never moves firm work, and plans new work around it', () => {
    fc.assert(
      fc.property(networkArbitrary, ordersArbitrary, ordersArbitrary, (net, first, second) => {
        const schedule = new Schedule(net);
        first.forEach((lines, i) => schedule.insertOrder(toOrder(i, lines), { now: MONDAY, horizonDays: 60 }));
        const firm = schedule.operations().filter((_, i) => i % 2 === 0);
        firm.forEach((o) => schedule.setFirm(o.operationId, true));
        schedule.remove(
          schedule
            .operations()
            .filter((o) => !o.firm)
            .map((o) => o.operationId),
        );
        second.forEach((lines, i) => schedule.insertOrder(toOrder(100 + i, lines), { now: MONDAY, horizonDays: 60 }));
        const after = new Map(schedule.operations().map((o) => [o.operationId, o]));
        for (const operation of firm) expect(after.get(operation.operationId)).toEqual({ ...operation, firm: true });
        expect(checkSchedule(net, schedule.operations()).filter((v) => /overlaps/.test(v))).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('improves, refuses and absorbs a closure without moving firm work or exceeding capacity', () => {
    fc.assert(
      fc.property(
        networkArbitrary,
        ordersArbitrary,
        fc.integer({ min: 0, max: 20 }),
        fc.nat(),
        (net, orders, closedDay, pick) => {
          const schedule = new Schedule(net);
          orders.forEach((lines, i) => {
            const planned = { ...toOrder(i, lines), dueDate: MONDAY + (i % 4) * 86_400_000, weight: 1 + (i % 3) };
            schedule.insertOrder(planned, { now: MONDAY, horizonDays: 90 });
          });
          // Accepted work comes first in a line: the first operation of every other line is firm.
          const firm = schedule.operations().filter((o) => o.sequence === 0 && o.lineId.endsWith('-0'));
          firm.forEach((o) => schedule.setFirm(o.operationId, true));
          const firmIds = new Set(firm.map((o) => o.operationId));
          const unchanged = (): void =>
            firm.forEach((o) => expect(schedule.operation(o.operationId)).toEqual({ ...o, firm: true }));

          const improved = schedule.improve({ now: MONDAY, maxRounds: 15, seed: pick, horizonDays: 90 });
          expect(compareObjectives(improved.after, improved.before)).toBeLessThanOrEqual(0);
          expect(checkSchedule(net, schedule.operations())).toEqual([]);
          unchanged();

          const movable = schedule.operations().filter((o) => !o.firm);
          if (movable.length > 0) {
            // As production plans a refusal: the operation comes off, with the rest of its line (offered
            // there, kept in place when it fits), and is planned again under a new id with the refusal.
            const refused = movable[pick % movable.length];
            const later = schedule
              .operations()
              .filter((o) => o.orderId === refused.orderId && o.lineId === refused.lineId && o.sequence > refused.sequence);
            schedule.remove([refused.operationId, ...later.map((o) => o.operationId)]);
            const operations = [{ ...refused, operationId: 'again' }, ...later].sort((a, b) => a.sequence - b.sequence);
            const again = { orderId: refused.orderId, lines: [{ lineId: refused.lineId, operations }] };
            const keepPlace = new Map(later.map((o) => [o.operationId, { factoryId: o.factoryId, workCentre: o.workCentre }]));
            const refusals = { again: { name: refused.operationId, refusedBy: [{ factoryId: refused.factoryId, times: 1 }] } };
            const result = schedule.planOrder(again, { now: MONDAY, horizonDays: 90, refusals, keepPlace });
            const others = net.factories.filter(
              (f) => f.id !== refused.factoryId && f.capabilities.some((c) => c.capability === refused.capability),
            );
            if (result.ok && others.length === 0) expect(result.operations[0].factoryId).toBe(refused.factoryId);
            expect(checkSchedule(net, schedule.operations())).toEqual([]);
            unchanged();
          }

          const day = new Date(MONDAY + closedDay * 86_400_000).toISOString().slice(0, 10);
          const closedNet = {
            ...net,
            factories: net.factories.map((f, i) =>
              i === 0 ? { ...f, calendar: { ...f.calendar, closures: [...f.calendar.closures, { from: day, to: day }] } } : f,
            ),
          };
          const result = schedule.changeNetwork(closedNet, { now: MONDAY, horizonDays: 90 });
          unchanged();
          const violations = checkSchedule(closedNet, schedule.operations());
          for (const violation of violations) expect(firmIds.has(violation.split(':')[0])).toBe(true);
          expect(result.conflicts.length).toBeGreaterThanOrEqual(violations.length > 0 ? 1 : 0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps pinned operations on their factory and work centre while improving', () => {
    fc.assert(
      fc.property(networkArbitrary, ordersArbitrary, fc.nat(), fc.nat(), (net, orders, seed, mask) => {
        const schedule = new Schedule(net);
        orders.forEach((lines, i) => {
          const planned = { ...toOrder(i, lines), dueDate: MONDAY + (i % 3) * 86_400_000, weight: 1 + (i % 2) };
          schedule.insertOrder(planned, { now: MONDAY, horizonDays: 90 });
        });
        const all = schedule.operations();
        all.filter((o, i) => o.sequence === 0 && i % 3 === 0).forEach((o) => schedule.setFirm(o.operationId, true));
        const before = schedule.operations();
        const firm = before.filter((o) => o.firm);
        const pinned = before.filter((o, i) => !o.firm && ((mask >> (i % 30)) & 1) === 1);
        const objectiveBefore = schedule.objective();

        const pinnedIds = new Set(pinned.map((o) => o.operationId));
        const result = schedule.improve({ now: MONDAY, maxRounds: 30, seed, horizonDays: 90, pinned: pinnedIds });

        expect(schedule.operations()).toHaveLength(before.length);
        for (const operation of firm) expect(schedule.operation(operation.operationId)).toEqual(operation);
        for (const operation of pinned) {
          const { factoryId, workCentre } = operation;
          expect(schedule.operation(operation.operationId)).toMatchObject({ factoryId, workCentre });
        }
        expect(checkSchedule(net, schedule.operations())).toEqual([]);
        expect(compareObjectives(result.after, result.before)).toBeLessThanOrEqual(0);
        expect(compareObjectives(schedule.objective(), objectiveBefore)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 60 },
    );
  });
});
