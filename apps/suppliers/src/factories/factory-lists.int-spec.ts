import {
  encodeCursor,
  MAX_EMBEDDED_FACTORIES,
  PAGE_BYTE_BUDGET,
  SuppliersRequests,
  type FactorySummary,
  type SupplierView,
} from '@atelier/contracts';
import { randomUUID } from 'node:crypto';
import { SuppliersHarness } from '../testing/suppliers-harness';

const factoryBody = (name: string, capabilities = [{ capability: 'cnc', workCentres: 3, speedFactor: 1 }]) => ({
  name,
  timeZone: 'Europe/Vienna',
  calendar: {
    workingHours: [{ day: 1, from: '06:00', to: '14:00' }],
    closures: [{ from: '2026-12-24', to: '2026-12-27', reason: 'holidays' }],
  },
  capabilities,
});

describe('lists of suppliers and factories, page by page (integration: PostgreSQL, NATS)', () => {
  let h: SuppliersHarness;

  beforeAll(async () => {
    h = await SuppliersHarness.start('supplier-lists');
  });

  afterAll(async () => {
    await h?.stop();
  });

  const supplier = async (name: string) => (await h.call(SuppliersRequests.createSupplier, { name })).id;
  const factory = async (supplierId: string, name: string) =>
    (await h.call(SuppliersRequests.createFactory, { ...factoryBody(name), supplierId })).id;

  async function walkFactories(supplierId: string, limit: number, between: () => Promise<unknown>): Promise<FactorySummary[]> {
    const seen: FactorySummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.call(SuppliersRequests.listFactories, { supplierId, limit, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      await between();
    } while (cursor);
    return seen;
  }

  it("walks a supplier's factories oldest first, each once, while factories are added; the calendar is only in the factory itself", async () => {
    const owner = await supplier('Walk Works');
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await factory(owner, `walk-${i}`));
    let added = 0;
    const seen = await walkFactories(owner, 3, () => factory(owner, `added-${added++}`));
    const seenIds = seen.map((f) => f.id);
    expect(new Set(seenIds).size).toBe(seenIds.length);
    // Oldest first: what existed comes first, in creation order; what was added meanwhile follows.
    expect(seenIds.slice(0, ids.length)).toEqual(ids);
    expect(seen.every((f) => !('calendar' in f) && f.capabilities.length === 1)).toBe(true);
    const full = await h.call(SuppliersRequests.getFactory, { supplierId: owner, factoryId: ids[0] });
    expect(full.calendar.closures).toEqual([{ from: '2026-12-24', to: '2026-12-27', reason: 'holidays' }]);
  });

  it('lists suppliers with their first factories and how many they have, each supplier once while others are onboarded', async () => {
    const big = await supplier('Big Network');
    for (let i = 0; i < MAX_EMBEDDED_FACTORIES + 2; i++) await factory(big, `big-${i}`);
    const small = await supplier('Small Shop');
    await factory(small, 'only');
    const before = (await h.call(SuppliersRequests.listSuppliers, { limit: 100 })).items.map((s) => s.id);

    const seen: SupplierView[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.call(SuppliersRequests.listSuppliers, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      await supplier(`Newcomer ${randomUUID()}`);
    } while (cursor);
    const seenIds = seen.map((s) => s.id);
    expect(new Set(seenIds).size).toBe(seenIds.length);
    expect(seenIds.slice(0, before.length)).toEqual(before);
    const bigView = seen.find((s) => s.id === big)!;
    expect(bigView.factoryCount).toBe(MAX_EMBEDDED_FACTORIES + 2);
    expect(bigView.factories.map((f) => f.name)).toEqual(Array.from({ length: MAX_EMBEDDED_FACTORIES }, (_, i) => `big-${i}`));
    expect(seen.find((s) => s.id === small)).toMatchObject({
      factoryCount: 1,
      factories: [{ name: 'only', capabilities: [{ capability: 'cnc' }] }],
    });
    // The rest of a big supplier's factories are a page away.
    expect(await walkFactories(big, 100, async () => undefined)).toHaveLength(MAX_EMBEDDED_FACTORIES + 2);
  });

  it('cuts a page of large factories short of the byte budget rather than send one huge reply', async () => {
    const owner = await supplier('Everything Works');
    const capabilities = Array.from({ length: 100 }, (_, i) => ({
      capability: `capability-${i}-`.padEnd(64, 'x'),
      workCentres: 1000,
      speedFactor: 1.5,
    }));
    for (let i = 0; i < 60; i++)
      await h.call(SuppliersRequests.createFactory, { ...factoryBody(`wide-${i}`, capabilities), supplierId: owner });
    const first = await h.call(SuppliersRequests.listFactories, { supplierId: owner, limit: 100 });
    expect(first.items.length).toBeGreaterThan(0);
    expect(first.items.length).toBeLessThan(60);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(Buffer.byteLength(JSON.stringify(first))).toBeLessThanOrEqual(PAGE_BYTE_BUDGET + 1024);
    expect(await walkFactories(owner, 100, async () => undefined)).toHaveLength(60);
  });

  it('answers VALIDATION_FAILED to a limit out of range or a cursor it did not issue, NOT_FOUND to an unknown supplier', async () => {
    const owner = await supplier('Strict Works');
    for (const limit of [0, 101]) {
      expect((await h.failure(SuppliersRequests.listFactories, { supplierId: owner, limit })).code).toBe('VALIDATION_FAILED');
      expect((await h.failure(SuppliersRequests.listSuppliers, { limit })).code).toBe('VALIDATION_FAILED');
    }
    const forged = [
      'nope',
      encodeCursor(['yesterday', randomUUID()]),
      encodeCursor(['2026-01-01T00:00:00.000Z', 'x\u0000']),
      encodeCursor([1, 2, 3]),
    ];
    for (const cursor of forged) {
      expect(await h.failure(SuppliersRequests.listFactories, { supplierId: owner, limit: 5, cursor })).toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      expect(await h.failure(SuppliersRequests.listSuppliers, { limit: 5, cursor })).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect((await h.failure(SuppliersRequests.listFactories, { supplierId: 'nobody', limit: 5 })).code).toBe('NOT_FOUND');
  });
});
