import { nulCharacterAt } from './input.guard';

describe('text PostgreSQL cannot store', () => {
  it('is found wherever it hides, with its path', () => {
    expect(nulCharacterAt({ shippingAddress: { street: 'Rue\u0000' } }, 'body')).toBe('body.shippingAddress.street');
    expect(nulCharacterAt({ lines: [{ selections: { 'col\u0000r': 'red' } }] }, 'body')).toBe(
      'body.lines.0.selections.col\u0000r',
    );
    expect(nulCharacterAt('id\u0000', 'params')).toBe('params');
  });

  it('leaves ordinary input alone', () => {
    expect(nulCharacterAt({ name: 'Zoë', quantity: 2, note: null, tags: ['a', 'b'] }, 'body')).toBeNull();
  });
});
