import { sumMoney } from './money';

describe('sumMoney', () => {
  it('adds decimal amounts exactly, where binary floats would not', () => {
    expect(
      sumMoney(
        [
          { amount: '0.1', currency: 'EUR' },
          { amount: '0.2', currency: 'EUR' },
        ],
        'EUR',
      ),
    ).toEqual({
      amount: '0.30',
      currency: 'EUR',
    });
  });

  it('keeps the largest scale and handles negatives and large values', () => {
    const total = sumMoney(
      [
        { amount: '9007199254740993.125', currency: 'EUR' },
        { amount: '-0.005', currency: 'EUR' },
      ],
      'EUR',
    );
    expect(total.amount).toBe('9007199254740993.120');
  });

  it('refuses to add different currencies', () => {
    expect(() => sumMoney([{ amount: '1.00', currency: 'USD' }], 'EUR')).toThrow(/Cannot add USD/);
  });
});
