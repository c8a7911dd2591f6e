import type { PricedLine } from '@atelier/contracts';
import type { CapableToPromise, DeliveryPromise } from '../quotes/capable-to-promise';
import { PlacementPromising, quoteCovers } from './placement-promise';

function line(productId: string, overrides: Partial<PricedLine> = {}): PricedLine {
  return {
    productId,
    version: 2,
    selections: { size: 'large', colour: 'red' },
    quantity: 1,
    unitPrice: { amount: '10.00', currency: 'EUR' },
    lineTotal: { amount: '10.00', currency: 'EUR' },
    bom: [],
    routing: [],
    ...overrides,
  };
}

const quoted = {
  id: 'q-1',
  lines: [line('bicycle'), line('chair')] as never,
  promisedDate: new Date('2030-01-15T12:00:00.000Z'),
};

describe('whether a quote covers an order', () => {
  it('covers the same lines, whatever the key order of the selections', () => {
    expect(quoteCovers(quoted, [line('bicycle', { selections: { colour: 'red', size: 'large' } }), line('chair')])).toBe(true);
  });

  it('does not cover another quantity, version, selection, product or number of lines', () => {
    expect(quoteCovers(quoted, [line('bicycle', { quantity: 10 }), line('chair')])).toBe(false);
    expect(quoteCovers(quoted, [line('bicycle', { version: 3 }), line('chair')])).toBe(false);
    expect(quoteCovers(quoted, [line('bicycle', { selections: { size: 'small', colour: 'red' } }), line('chair')])).toBe(false);
    expect(quoteCovers(quoted, [line('chair'), line('bicycle')])).toBe(false);
    expect(quoteCovers(quoted, [line('bicycle')])).toBe(false);
  });
});

describe('the promise given at placement', () => {
  const promising = (answer: DeliveryPromise) => {
    const asked: unknown[] = [];
    const ctp = { promise: async (...args: unknown[]) => (asked.push(args), answer) } as unknown as CapableToPromise;
    return { service: new PlacementPromising(ctp), asked };
  };

  it("takes the quote's date for what was quoted, without asking scheduling", async () => {
    const { service, asked } = promising({ promisedDate: '2030-09-09T00:00:00.000Z' });
    const promise = await service.promiseFor([line('bicycle'), line('chair')], quoted, undefined, 'c-1');
    expect(promise.promisedDate).toEqual(quoted.promisedDate);
    expect(asked).toHaveLength(0);
  });

  it('asks scheduling, with a short timeout, when there is no quote, it differs or it had no date', async () => {
    const { service, asked } = promising({ promisedDate: '2030-09-09T00:00:00.000Z' });
    const lines = [line('bicycle')];
    expect((await service.promiseFor(lines, null, '2030-10-01T00:00:00.000Z', 'c-1')).promisedDate).toEqual(
      new Date('2030-09-09T00:00:00.000Z'),
    );
    expect(asked[0]).toEqual([lines, '2030-10-01T00:00:00.000Z', { correlationId: 'c-1', timeoutMs: 3_000 }]);
    expect((await service.promiseFor(lines, quoted, undefined, 'c-2')).note).toMatch(/differs from its quote/);
    const undated = { ...quoted, lines: [line('bicycle')] as never, promisedDate: null };
    expect((await service.promiseFor(lines, undated, undefined, 'c-3')).note).toMatch(/its quote had no date/);
  });

  it('has no date, and says why, when scheduling cannot promise', async () => {
    const { service } = promising({ promisedDate: null, reason: 'No factory can do welding' });
    expect(await service.promiseFor([line('bicycle')], null, undefined, 'c-1')).toEqual({
      promisedDate: null,
      note: 'No delivery date promised yet: No factory can do welding. The date is set when production is planned.',
    });
  });
});
