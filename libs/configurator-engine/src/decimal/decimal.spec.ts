import { Decimal } from './decimal';

const d = (text: string) => Decimal.parse(text);

describe('Decimal', () => {
  it('adds, subtracts and multiplies exactly where binary floats do not', () => {
    expect(d('0.1').plus(d('0.2')).toString()).toBe('0.3');
    expect(d('0.47').times(d('170')).plus(d('5')).toString()).toBe('84.9');
    expect(d('1290.00').minus(d('1290')).isZero()).toBe(true);
  });

  it('divides to twenty digits and rounds half away from zero', () => {
    expect(d('1').dividedBy(d('3'))?.toString()).toBe('0.33333333333333333333');
    expect(d('2').dividedBy(d('0'))).toBeNull();
    expect(d('2.345').round(2).toString()).toBe('2.35');
    expect(d('-2.345').round(2).toString()).toBe('-2.35');
    expect(d('134.9400').toFixed(2)).toBe('134.94');
  });

  it('parses numbers in every notation JSON produces and compares by value', () => {
    expect(Decimal.fromNumber(1e21).toString()).toBe('1000000000000000000000');
    expect(Decimal.fromNumber(1.5e-7).toString()).toBe('0.00000015');
    expect(d('72.50').equals(d('72.5'))).toBe(true);
    expect(d('-3.2').floor().toString()).toBe('-4');
    expect(d('3.2').ceil().toString()).toBe('4');
    expect(() => d('12,5')).toThrow(/not a decimal/);
  });
});
