import { encodeCursor, SchedulingRequests, type JobStatus, type ScheduledOperationView } from '@atelier/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { JobEntity } from '../jobs/job.entity';
import { SchedulingHarness } from '../testing/scheduling-harness';

const HOUR = 3_600_000;
const T0 = Date.parse('2027-03-01T06:00:00.000Z');
const NATS_MAX_PAYLOAD = 1024 * 1024;

/**
 * The operator's schedule at the size that made the unpaged reply too large for NATS (issue 7:
 * about 1,100 orders and 6,700 jobs, completed ones included). Jobs are written straight into the
 * table: planning them one order at a time would only make the test slow, and the view reads the table.
 */
describe('the schedule, page by page (integration)', () => {
  const harness = new SchedulingHarness();
  let jobs: DataSource['manager'];
  const open = new Set<string>();
  const completed = new Set<string>();

  function job(index: number, status: JobStatus, startHours: number, factory = `factory-${index % 7}`): JobEntity {
    const plannedStart = new Date(T0 + startHours * HOUR);
    return Object.assign(new JobEntity(), {
      id: randomUUID(),
      orderId: `order-${Math.floor(index / 6)}`,
      lineId: `line-${Math.floor(index / 6)}`,
      productId: 'bicycle',
      productVersion: 1,
      operationId: `op-${index % 6}`,
      sequence: (index % 6) * 10,
      capability: ['cutting', 'welding', 'painting'][index % 3],
      description: null,
      quantity: 1,
      durationMinutes: 60,
      factoryId: factory,
      supplierId: `supplier-${factory}`,
      workCentre: index % 2,
      plannedStart,
      plannedEnd: new Date(plannedStart.getTime() + HOUR),
      isLastOperation: index % 6 === 5,
      status,
      firm: status !== 'planned' && status !== 'offered',
      // What a real job carries and the schedule never shows.
      selections: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`option-${i}`, `value-${i}`])),
      bom: Array.from({ length: 10 }, (_, i) => ({ item: `item-${i}`, quantity: '2', unit: 'pcs' })),
      replacedBy: null,
      reworkOf: null,
      revision: 0,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
  }

  async function insert(rows: JobEntity[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 500) await jobs.insert(JobEntity, rows.slice(i, i + 500));
  }

  beforeAll(async () => {
    await harness.start();
    jobs = harness.get(DataSource).manager;
    const statuses: JobStatus[] = ['planned', 'offered', 'accepted', 'in_progress', 'completed', 'completed', 'cancelled'];
    const rows = Array.from({ length: 6_700 }, (_, i) => job(i, statuses[i % statuses.length], (i * 37) % 2_000));
    for (const row of rows) {
      if (row.status === 'completed') completed.add(row.id);
      else if (row.status !== 'cancelled') open.add(row.id);
    }
    await insert(rows);
  });

  afterAll(() => harness.stop());

  async function walk(query: Record<string, string>, between: () => Promise<void> = async () => undefined) {
    const seen: ScheduledOperationView[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await harness.request(SchedulingRequests.schedule, { ...query, limit: 100, ...(cursor ? { cursor } : {}) });
      pages += 1;
      expect(page.items.length).toBeLessThanOrEqual(100);
      expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(NATS_MAX_PAYLOAD / 4);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      await between();
    } while (cursor);
    return { seen, pages };
  }

  it('answers 6,700 jobs in pages of at most 100, each open job exactly once, while jobs are planned between pages', async () => {
    let added = 0;
    // New jobs on both sides of any cursor: the first and the last factory, the earliest and the latest start.
    const addJobs = () =>
      insert([
        job(added, 'planned', -10, 'factory-0'),
        job(added + 1, 'offered', 5_000, 'factory-9'),
        job(added++, 'planned', 1, 'a-factory'),
      ]);
    const { seen, pages } = await walk({}, addJobs);
    const ids = seen.map((o) => o.jobId);
    expect(new Set(ids).size).toBe(ids.length);
    const original = ids.filter((id) => open.has(id));
    expect(original).toHaveLength(open.size);
    expect(ids.some((id) => completed.has(id))).toBe(false);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(open.size / 100));
    // In plan order: factory, capability, work centre, start.
    expect(seen.every((o, i) => i === 0 || keyCompare(seen[i - 1], o) <= 0)).toBe(true);
    expect(seen[0]).not.toHaveProperty('selections');
  });

  it('shows finished work only when asked, and filters by factory and time window across pages', async () => {
    const done = await walk({ status: 'completed' });
    expect(new Set(done.seen.map((o) => o.jobId))).toEqual(completed);
    expect(done.seen.every((o) => o.status === 'completed')).toBe(true);

    const from = new Date(T0 + 500 * HOUR).toISOString();
    const to = new Date(T0 + 900 * HOUR).toISOString();
    const window = await walk({ factoryId: 'factory-3', from, to });
    expect(window.seen.length).toBeGreaterThan(100);
    for (const operation of window.seen) {
      expect(operation.factoryId).toBe('factory-3');
      expect(Date.parse(operation.end) > Date.parse(from) && Date.parse(operation.start) < Date.parse(to)).toBe(true);
    }
  });

  it('answers VALIDATION_FAILED to forged cursors, a limit over 100 and a window that ends before it starts', async () => {
    const failure = (query: object) =>
      harness.request(SchedulingRequests.schedule, { limit: 20, ...query }).then(
        () => 'answered',
        (error: Error) => error.message,
      );
    const forged = [
      'garbage',
      encodeCursor(['factory-1', 'cutting', 0, '2027-03-01T06:00:00.000Z']),
      encodeCursor(['factory-1', 'cutting', 0, 'tomorrow', randomUUID()]),
      encodeCursor(['factory-1', 'cutting', 3_000_000_000, '2027-03-01T06:00:00.000Z', randomUUID()]),
      encodeCursor(['factory-1\u0000', 'cutting', 0, '2027-03-01T06:00:00.000Z', randomUUID()]),
      encodeCursor(['factory-1', 'cutting', 0, '2027-03-01T06:00:00.000Z', 'not-a-uuid']),
    ];
    for (const cursor of forged) expect(await failure({ cursor })).toMatch(/^VALIDATION_FAILED: The cursor is not valid/);
    expect(await failure({ limit: 101 })).toMatch(/^VALIDATION_FAILED/);
    expect(await failure({ from: '2027-03-02T00:00:00.000Z', to: '2027-03-01T00:00:00.000Z' })).toMatch(/^VALIDATION_FAILED/);
  });
});

function keyCompare(a: ScheduledOperationView, b: ScheduledOperationView): number {
  const text = (x: string, y: string) => (x === y ? 0 : x < y ? -1 : 1);
  return (
    text(a.factoryId, b.factoryId) ||
    text(a.capability, b.capability) ||
    a.workCentre - b.workCentre ||
    Date.parse(a.start) - Date.parse(b.start)
  );
}
