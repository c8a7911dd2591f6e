import { AppError } from './errors';
import { decodeCursor, encodeCursor, isIsoInstant, pageQuerySchema, toPage } from './paging';

describe('paging', () => {
  const parseOne = (parts: unknown[]) => (parts.length === 1 && typeof parts[0] === 'number' ? (parts[0] as number) : null);

  it('round-trips a sort key through an opaque cursor', () => {
    const cursor = encodeCursor([42]);
    expect(cursor).not.toContain('42');
    expect(decodeCursor(cursor, parseOne)).toBe(42);
  });

  it.each(['', 'garbage', encodeCursor(['42']), Buffer.from('{"a":1}').toString('base64url')])(
    'refuses the cursor %p as VALIDATION_FAILED',
    (cursor) => {
      let refusal: unknown;
      try {
        decodeCursor(cursor, parseOne);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(AppError);
      expect(refusal).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'cursor' }] });
    },
  );

  it('accepts only instants exactly as toISOString writes them, in years 0000 to 9999', () => {
    expect(isIsoInstant('2027-03-01T06:00:00.000Z')).toBe(true);
    for (const text of [
      '2027-03-01',
      '2027-03-01T06:00:00Z',
      '+275760-09-13T00:00:00.000Z',
      'hello 1',
      '2027-02-30T00:00:00.000Z',
    ]) {
      expect(isIsoInstant(text)).toBe(false);
    }
  });

  it('limits to 1..100, 20 by default', () => {
    expect(pageQuerySchema.parse({})).toEqual({ limit: 20 });
    expect(pageQuerySchema.parse({ limit: '100' })).toEqual({ limit: 100 });
    for (const limit of ['0', '101', '2.5', 'many']) expect(pageQuerySchema.safeParse({ limit }).success).toBe(false);
  });

  it('makes a page of limit items with a cursor after the last when more rows remain, none at the end', () => {
    const rows = [1, 2, 3, 4];
    const page = toPage(
      rows,
      3,
      (n) => ({ n }),
      (n) => [n],
    );
    expect(page.items).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(decodeCursor(page.nextCursor!, parseOne)).toBe(3);
    expect(
      toPage(
        rows.slice(0, 3),
        3,
        (n) => n,
        (n) => [n],
      ),
    ).toEqual({ items: [1, 2, 3], nextCursor: null });
  });

  it('stops a page before it outgrows the byte budget, but always holds one item', () => {
    const big = (n: number) => ({ n, text: 'x'.repeat(400) });
    const page = toPage([1, 2, 3, 4, 5], 5, big, (n) => [n], 1_000);
    expect(page.items.map((i) => i.n)).toEqual([1, 2]);
    expect(decodeCursor(page.nextCursor!, parseOne)).toBe(2);
    expect(toPage([1, 2], 5, big, (n) => [n], 10).items).toHaveLength(1);
  });
});
