import { outboxChunks, type OutboxRow } from './transaction';

describe('outboxChunks (the outbox rows of one flush, split over INSERT statements)', () => {
  const row = (n: number, size: number): OutboxRow => [`id-${n}`, 'orders.events.order.placed', 'x'.repeat(size)];

  it('keeps the rows in order, at most so many rows and so many envelope characters a statement', () => {
    const rows = [row(0, 4), row(1, 4), row(2, 4), row(3, 9), row(4, 1), row(5, 1), row(6, 1), row(7, 1)];
    const chunks = outboxChunks(rows, 3, 10);
    expect(chunks.map((chunk) => chunk.map(([id]) => id))).toEqual([
      ['id-0', 'id-1'],
      ['id-2'],
      ['id-3', 'id-4'],
      ['id-5', 'id-6', 'id-7'],
    ]);
    expect(chunks.flat()).toEqual(rows);
  });

  it('sends an envelope larger than the bound alone, and nothing for no rows', () => {
    expect(outboxChunks([row(0, 2), row(1, 50), row(2, 2)], 10, 10).map((chunk) => chunk.length)).toEqual([1, 1, 1]);
    expect(outboxChunks([])).toEqual([]);
  });
});
