import { pinnedLines } from './order-placement.service';

describe('pinning lines to their quote', () => {
  const quoted = {
    lines: [
      { productId: 'bicycle', version: 2 },
      { productId: 'chair', version: 5 },
    ],
  } as never;

  it('takes the quoted version for a line that names none, same position and product', () => {
    const lines = [
      { productId: 'bicycle', selections: {}, quantity: 1 },
      { productId: 'chair', version: 6, selections: {}, quantity: 1 },
      { productId: 'table', selections: {}, quantity: 1 },
    ];
    expect(pinnedLines(lines, quoted).map((l) => l.version)).toEqual([2, 6, undefined]);
  });

  it('leaves lines alone without a quote or when the product differs', () => {
    const lines = [{ productId: 'chair', selections: {}, quantity: 1 }];
    expect(pinnedLines(lines, null)[0].version).toBeUndefined();
    expect(pinnedLines(lines, quoted)[0].version).toBeUndefined();
  });
});
