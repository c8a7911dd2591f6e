import fc from 'fast-check';
import { canonicalJson, requestHash } from './request-hash';

describe('request hash', () => {
  const body = {
    lines: [{ productId: 'chair', selections: { colour: 'red', height: 45 }, quantity: 2 }],
    shippingAddress: { name: 'Ada', street: '1 Loop', city: 'Turin', postalCode: '10100', country: 'IT' },
  };

  it('does not depend on key order, at any depth', () => {
    const reordered = {
      shippingAddress: { country: 'IT', postalCode: '10100', city: 'Turin', street: '1 Loop', name: 'Ada' },
      lines: [{ quantity: 2, selections: { height: 45, colour: 'red' }, productId: 'chair' }],
    };
    expect(requestHash(reordered)).toBe(requestHash(body));
    expect(canonicalJson(reordered)).toBe(canonicalJson(body));
  });

  it('is a sha256 in hex', () => {
    expect(requestHash(body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when a value changes', () => {
    const other = { ...body, lines: [{ ...body.lines[0], quantity: 3 }] };
    expect(requestHash(other)).not.toBe(requestHash(body));
  });

  it('keeps the order of array items (lines are ordered)', () => {
    const a = { lines: [{ productId: 'a' }, { productId: 'b' }] };
    const b = { lines: [{ productId: 'b' }, { productId: 'a' }] };
    expect(requestHash(a)).not.toBe(requestHash(b));
  });

  it('ignores undefined fields, as JSON does', () => {
    expect(requestHash({ ...body, quoteId: undefined })).toBe(requestHash(body));
  });

  it('tells a number from its string', () => {
    expect(requestHash({ v: 1 })).not.toBe(requestHash({ v: '1' }));
  });

  it('writes what JSON.stringify writes with the keys sorted, for any JSON value', () => {
    const sorted = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(sorted)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
                .map(([k, v]) => [k, sorted(v)]),
            )
          : value;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(JSON.stringify(sorted(value)));
      }),
      { numRuns: 500 },
    );
  });

  it('hashes a value nested far deeper than a call stack goes', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? { a: deep } : [deep];
    expect(requestHash(deep)).toMatch(/^[0-9a-f]{64}$/);
  });
});
