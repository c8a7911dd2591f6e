import { hashToken, SuppliersRequests } from '@atelier/contracts';
import { SuppliersHarness } from '../testing/suppliers-harness';

const factoryBody = {
  name: 'North Works',
  timeZone: 'Europe/Vienna',
  calendar: { workingHours: [{ day: 1, from: '06:00', to: '14:00' }], closures: [] },
  capabilities: [{ capability: 'cnc', workCentres: 3, speedFactor: 1.2 }],
};

describe('suppliers principals and factories (integration: PostgreSQL, NATS, Redis)', () => {
  let h: SuppliersHarness;

  beforeAll(async () => {
    h = await SuppliersHarness.start();
  });

  afterAll(async () => {
    await h?.stop();
  });

  const authenticate = (token: string) => h.request(SuppliersRequests.authenticate, { tokenHash: hashToken(token) });

  it('authenticates customers and suppliers by the hash of their token', async () => {
    const customer = await h.call(SuppliersRequests.createCustomer, { name: 'Ada' });
    const supplier = await h.call(SuppliersRequests.createSupplier, { name: 'Alpha Joinery' });
    expect(customer.token).toMatch(/^atl_/);
    expect(await authenticate(customer.token)).toEqual({
      ok: true,
      data: { kind: 'customer', id: customer.id, tokenId: customer.tokenId },
    });
    expect(await authenticate(supplier.token)).toEqual({
      ok: true,
      data: { kind: 'supplier', id: supplier.id, tokenId: supplier.tokenId },
    });
    expect(await authenticate('atl_made-up')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await h.failure(SuppliersRequests.authenticate, { tokenHash: 'short' })).code).toBe('VALIDATION_FAILED');
  });

  it('answers UNAUTHENTICATED for a revoked token, and keeps the supplier’s other tokens working', async () => {
    const supplier = await h.call(SuppliersRequests.createSupplier, { name: 'Beta Metal' });
    const second = await h.call(SuppliersRequests.issueToken, { supplierId: supplier.id });
    expect(second.token).not.toBe(supplier.token);
    expect(await authenticate(second.token)).toMatchObject({
      ok: true,
      data: { kind: 'supplier', id: supplier.id, tokenId: second.tokenId },
    });

    expect(await h.call(SuppliersRequests.revokeToken, { tokenId: supplier.tokenId })).toEqual({
      tokenId: supplier.tokenId,
      revoked: true,
    });
    expect(await authenticate(supplier.token)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await authenticate(second.token)).toMatchObject({ ok: true });
    // Revoking again is harmless; an unknown token or supplier is NOT_FOUND.
    expect(await h.call(SuppliersRequests.revokeToken, { tokenId: supplier.tokenId })).toEqual({
      tokenId: supplier.tokenId,
      revoked: true,
    });
    expect((await h.failure(SuppliersRequests.revokeToken, { tokenId: 'no-such-token' })).code).toBe('NOT_FOUND');
    expect((await h.failure(SuppliersRequests.issueToken, { supplierId: 'no-such-supplier' })).code).toBe('NOT_FOUND');
  });

  it('registers factories and changes calendars with events, each supplier only its own', async () => {
    const a = await h.call(SuppliersRequests.createSupplier, { name: 'Gamma Upholstery' });
    const b = await h.call(SuppliersRequests.createSupplier, { name: 'Delta Paint' });
    const factory = await h.call(SuppliersRequests.createFactory, { ...factoryBody, supplierId: a.id });
    expect(factory).toEqual({ ...factoryBody, id: expect.any(String), supplierId: a.id });
    const registered = await h.waitForEvent('factory.registered', (d) => d.id === factory.id);
    expect(registered).toMatchObject({ aggregateId: factory.id, aggregateVersion: 1, data: factory });

    const calendar = {
      timeZone: 'Europe/Berlin',
      workingHours: [{ day: 2, from: '08:00', to: '20:00' }],
      closures: [{ from: '2026-12-24', to: '2026-12-27', reason: 'holidays' }],
    };
    const asB = await h.failure(SuppliersRequests.replaceCalendar, { supplierId: b.id, factoryId: factory.id, calendar });
    expect(asB.code).toBe('NOT_FOUND');
    const changed = await h.call(SuppliersRequests.replaceCalendar, { supplierId: a.id, factoryId: factory.id, calendar });
    expect(changed).toMatchObject({
      timeZone: 'Europe/Berlin',
      calendar: { workingHours: calendar.workingHours, closures: calendar.closures },
    });
    const event = await h.waitForEvent('calendar.changed', (d) => d.id === factory.id);
    expect(event).toMatchObject({ aggregateVersion: 2, data: changed });

    const { calendar: _calendar, ...summary } = changed;
    expect(await h.call(SuppliersRequests.listFactories, { supplierId: a.id, limit: 20 })).toEqual({
      items: [summary],
      nextCursor: null,
    });
    expect(await h.call(SuppliersRequests.listFactories, { supplierId: b.id, limit: 20 })).toEqual({
      items: [],
      nextCursor: null,
    });
    expect(await h.call(SuppliersRequests.getFactory, { supplierId: a.id, factoryId: factory.id })).toEqual(changed);
    expect((await h.failure(SuppliersRequests.getFactory, { supplierId: b.id, factoryId: factory.id })).code).toBe('NOT_FOUND');
    const suppliers = await h.call(SuppliersRequests.listSuppliers, { limit: 100 });
    expect(suppliers.items.find((s) => s.id === a.id)).toEqual({
      id: a.id,
      name: 'Gamma Upholstery',
      factoryCount: 1,
      factories: [summary],
    });
  });

  it('refuses a factory that makes no sense, naming what is wrong', async () => {
    const supplier = await h.call(SuppliersRequests.createSupplier, { name: 'Epsilon' });
    const bad = await h.failure(SuppliersRequests.createFactory, {
      ...factoryBody,
      supplierId: supplier.id,
      timeZone: 'Atlantis/Capital',
      calendar: { workingHours: [{ day: 1, from: '18:00', to: '06:00' }], closures: [] },
    });
    expect(bad).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'timeZone' }, { path: 'calendar.workingHours.0' }],
    });
    const noCapabilities = await h.failure(SuppliersRequests.createFactory, {
      ...factoryBody,
      supplierId: supplier.id,
      capabilities: [],
    });
    expect(noCapabilities.code).toBe('VALIDATION_FAILED');
    const unknown = await h.failure(SuppliersRequests.createFactory, { ...factoryBody, supplierId: 'nobody' });
    expect(unknown.code).toBe('NOT_FOUND');
    expect(h.eventsOf('factory.registered', (d) => d.supplierId === supplier.id)).toEqual([]);
  });

  it('creates a supplier once for twenty requests with one Idempotency-Key; the answer that counts holds the only working token', async () => {
    const key = `key-${Date.now()}`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => h.call(SuppliersRequests.createSupplier, { name: 'Gamma Forge', idempotencyKey: key })),
    );
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(new Set(answers.map((a) => a.tokenId)).size).toBe(20);
    // Each repeat revoked the token of the answer before it (never seen by whoever lost it): one works.
    const working = (await Promise.all(answers.map((a) => authenticate(a.token)))).filter((r) => r.ok);
    expect(working).toHaveLength(1);
    const listed = await h.call(SuppliersRequests.listSuppliers, { limit: 100 });
    expect(listed.items.filter((s) => s.name === 'Gamma Forge')).toHaveLength(1);
    // The same key with another body is a conflict, and creates nothing.
    expect((await h.failure(SuppliersRequests.createSupplier, { name: 'Other', idempotencyKey: key })).code).toBe('CONFLICT');
    // Without a key, every request creates.
    const [one, two] = await Promise.all([1, 2].map(() => h.call(SuppliersRequests.createSupplier, { name: 'Delta' })));
    expect(one.id).not.toBe(two.id);
  });

  it('creates a customer once per key, and a factory once per key and supplier', async () => {
    const key = `key-${Date.now()}`;
    const first = await h.call(SuppliersRequests.createCustomer, { name: 'Grace', idempotencyKey: key });
    const again = await h.call(SuppliersRequests.createCustomer, { name: 'Grace', idempotencyKey: key });
    expect(again.id).toBe(first.id);
    expect(await authenticate(first.token)).toMatchObject({ ok: false });
    expect(await authenticate(again.token)).toMatchObject({ ok: true, data: { kind: 'customer', id: first.id } });

    const supplier = await h.call(SuppliersRequests.createSupplier, { name: 'Epsilon Works' });
    const body = { ...factoryBody, supplierId: supplier.id, idempotencyKey: key };
    const factories = await Promise.all(Array.from({ length: 5 }, () => h.call(SuppliersRequests.createFactory, body)));
    expect(new Set(factories.map((f) => f.id)).size).toBe(1);
    await h.waitForEvent('factory.registered', (d) => d.id === factories[0].id);
    const other = await h.call(SuppliersRequests.createSupplier, { name: 'Zeta Works' });
    // Another supplier's factory under the same key is its own.
    const theirs = await h.call(SuppliersRequests.createFactory, { ...body, supplierId: other.id });
    expect(theirs.id).not.toBe(factories[0].id);
    expect((await h.failure(SuppliersRequests.createFactory, { ...body, name: 'Renamed' })).code).toBe('CONFLICT');
    const marker = await h.call(SuppliersRequests.createFactory, { ...factoryBody, supplierId: other.id, name: 'Marker' });
    await h.waitForEvent('factory.registered', (d) => d.id === marker.id);
    expect(h.eventsOf('factory.registered', (d) => d.id === factories[0].id)).toHaveLength(1);
  });
});
