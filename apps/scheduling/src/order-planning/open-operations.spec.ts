import type { ConfirmedLine } from '@atelier/contracts';
import { Schedule, type Factory } from '@atelier/scheduling-engine';
import { toPlannedOperation } from '../jobs/job-mapping';
import type { JobEntity } from '../jobs/job.entity';
import { planOpenOperations, type OrderToReplan } from './open-operations';

const MINUTE = 60_000;
const NOW = Date.parse('2026-03-02T00:00:00Z');

function factory(id: string, capability: string, speedFactor = 1): Factory {
  return {
    id,
    supplierId: `s-${id}`,
    calendar: { timeZone: 'UTC', workingHours: [], closures: [] },
    capabilities: [{ capability, workCentres: 1, speedFactor }],
  };
}

const network = {
  factories: [factory('a', 'cut'), factory('b', 'cut', 2), factory('c', 'sew')],
  transferMinutes: { default: 0 },
};

const line: ConfirmedLine = {
  lineId: 'l1',
  productId: 'p',
  version: 3,
  selections: { size: 'L' },
  quantity: 2,
  lineTotal: { amount: '10.00', currency: 'EUR' },
  routing: [
    { operationId: 'sew', sequence: 20, capability: 'sew', durationMinutes: 15 },
    { operationId: 'cut', sequence: 10, capability: 'cut', durationMinutes: 30, description: 'Cut the panels' },
  ],
  bom: [{ item: 'cloth', quantity: '1' }],
};

const order: OrderToReplan = { orderId: 'o1', lines: [line], dueDate: null };

function firstPlan(schedule: Schedule): JobEntity[] {
  const result = planOpenOperations(schedule, order, [], { now: NOW });
  if (!result.ok) throw new Error(result.reason);
  return result.created;
}

describe('planOpenOperations', () => {
  it('turns every routing operation into an offered job, in routing order, duration times quantity', () => {
    const schedule = new Schedule(network);
    const [cut, sew] = firstPlan(schedule).sort((x, y) => x.sequence - y.sequence);
    expect(cut).toMatchObject({ operationId: 'cut', factoryId: 'a', supplierId: 's-a', durationMinutes: 60, status: 'offered' });
    expect(cut).toMatchObject({
      productVersion: 3,
      description: 'Cut the panels',
      isLastOperation: false,
      selections: { size: 'L' },
    });
    expect(sew).toMatchObject({ operationId: 'sew', factoryId: 'c', isLastOperation: true, durationMinutes: 30 });
    expect(sew.plannedStart.getTime()).toBe(cut.plannedEnd.getTime());
    expect(schedule.operation(cut.id)).toEqual(toPlannedOperation(cut));
  });

  it('re-plans a refused operation away from the refusing factory, and keeps its offered successor where it is, later', () => {
    const schedule = new Schedule(network);
    const jobs = firstPlan(schedule);
    const cut = jobs.find((j) => j.operationId === 'cut')!;
    const sew = jobs.find((j) => j.operationId === 'sew')!;
    cut.status = 'rejected';
    schedule.remove([cut.id]);
    const result = planOpenOperations(schedule, order, jobs, { now: NOW });
    if (!result.ok) throw new Error(result.reason);
    expect(result.created.map((j) => [j.operationId, j.factoryId])).toEqual([['cut', 'b']]);
    // The sewing offer stands (its supplier may be accepting it right now): same job, same place, after the new cut.
    expect(result.superseded).toEqual([]);
    const newCut = result.created[0];
    expect(result.rescheduled).toEqual([
      { job: sew, start: newCut.plannedEnd.getTime(), end: newCut.plannedEnd.getTime() + 30 * MINUTE },
    ]);
    expect(schedule.operation(sew.id)).toMatchObject({ factoryId: 'c', workCentre: 0, start: newCut.plannedEnd.getTime() });
    expect(result.predecessorOf.get(newCut.id)).toBe(cut);
    expect(newCut.plannedEnd.getTime() - newCut.plannedStart.getTime()).toBe(120 * MINUTE);
  });

  it('withdraws an offered successor and plans it anew only when it cannot stay at its factory', () => {
    const twoSewers = { ...network, factories: [...network.factories, factory('d', 'sew')] };
    const schedule = new Schedule(twoSewers);
    const jobs = firstPlan(schedule);
    const cut = jobs.find((j) => j.operationId === 'cut')!;
    const sew = jobs.find((j) => j.operationId === 'sew')!;
    cut.status = 'rejected';
    schedule.remove([cut.id]);
    // Its factory is gone from the network: the offer cannot stay there.
    const without = new Schedule({ ...twoSewers, factories: twoSewers.factories.filter((f) => f.id !== sew.factoryId) });
    const result = planOpenOperations(without, order, jobs, { now: NOW });
    if (!result.ok) throw new Error(result.reason);
    expect(result.superseded).toEqual([sew]);
    expect(result.rescheduled).toEqual([]);
    expect(result.created.map((j) => j.operationId).sort()).toEqual(['cut', 'sew']);
  });

  it("counts rejected and expired offers of the operation as its refusals, for the engine's policy (refusals.spec.ts)", () => {
    const schedule = new Schedule({ ...network, factories: [factory('a', 'cut'), factory('c', 'sew')] });
    const jobs = firstPlan(schedule);
    const cut = jobs.find((j) => j.operationId === 'cut')!;
    const refusal = (id: string, status: 'rejected' | 'expired') =>
      ({ ...cut, id, status, createdAt: new Date(NOW - 1) }) as JobEntity;
    cut.status = 'rejected';
    schedule.remove([cut.id]);
    // Twice refused: offered there again, as no other factory can cut.
    const twice = [...jobs, refusal('cut-2', 'expired')];
    const again = planOpenOperations(schedule, order, twice, { now: NOW });
    expect(again.ok && again.created.find((j) => j.operationId === 'cut')?.factoryId).toBe('a');
    if (again.ok) schedule.remove(again.created.map((j) => j.id));
    const thrice = new Schedule({ ...network, factories: [factory('a', 'cut'), factory('c', 'sew')] });
    const result = planOpenOperations(thrice, order, [...twice, refusal('cut-3', 'rejected')], { now: NOW });
    expect(result).toMatchObject({
      ok: false,
      code: 'REFUSED_BY_EVERY_CAPABLE_FACTORY',
      reason: expect.stringMatching(/cut was refused 3 times by every capable factory \(a\)/),
    });
  });

  it('keeps firm jobs and moves only what it is told to', () => {
    const schedule = new Schedule(network);
    const jobs = firstPlan(schedule);
    const cut = jobs.find((j) => j.operationId === 'cut')!;
    const sew = jobs.find((j) => j.operationId === 'sew')!;
    Object.assign(cut, { status: 'accepted', firm: true });
    const result = planOpenOperations(schedule, order, jobs, { now: NOW, move: new Set([cut.id, sew.id]) });
    if (!result.ok) throw new Error(result.reason);
    expect(result.created.map((j) => j.operationId)).toEqual(['sew']);
    expect(result.superseded).toEqual([sew]);
    expect(schedule.operation(cut.id)).toBeDefined();
  });

  it('plans nothing when every operation has a job', () => {
    const schedule = new Schedule(network);
    const jobs = firstPlan(schedule);
    expect(planOpenOperations(schedule, order, jobs, { now: NOW })).toMatchObject({ ok: true, created: [], superseded: [] });
  });

  it('reports why an operation cannot be planned', () => {
    const schedule = new Schedule({ ...network, factories: [factory('a', 'cut')] });
    expect(planOpenOperations(schedule, order, [], { now: NOW })).toMatchObject({ ok: false, code: 'NO_CAPABLE_FACTORY' });
  });
});
