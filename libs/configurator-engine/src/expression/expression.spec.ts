import { Decimal } from '../decimal/decimal';
import type { Value } from './ast';
import { evaluate, UNKNOWN, type Outcome } from './evaluate';
import { parseExpression } from './parser';
import { typeOf, type OptionTypeInfo } from './type-check';

const values: Record<string, Value | null> = {
  height: Decimal.parse('170'),
  seat: Decimal.parse('84.5'),
  frame: 'steel',
  rack: true,
  kickstand: null,
};
const run = (text: string, environment: (id: string) => Outcome = (id) => values[id] ?? null) =>
  evaluate(parseExpression(text), environment);
const plain = (outcome: Outcome) => (outcome instanceof Decimal ? outcome.toString() : outcome);

describe('expressions', () => {
  it('respects precedence and associativity', () => {
    expect(plain(run('1 + 2 * 3 - 4 / 2'))).toBe('5');
    expect(plain(run('-(2 + 3) * 2'))).toBe('-10');
    expect(run('seat <= 0.47 * height + 5')).toBe(true);
    expect(run('not rack or frame == "steel" and height > 200')).toBe(false);
    expect(run('false implies false implies false')).toBe(true);
  });

  it('supports in-lists, functions and both operator spellings', () => {
    expect(run('frame in ["steel", \'titanium\'] && !(frame not in ["steel"])')).toBe(true);
    expect(plain(run('if(rack, max(1, 2, 3), min(4, 5)) + round(2.5) + floor(-1.5) + ceil(1.2) + abs(-1)'))).toBe('7');
    expect(run('isSet(kickstand) || isSet(frame)')).toBe(true);
  });

  it('treats unset options as documented', () => {
    expect(run('kickstand == "double"')).toBe(false);
    expect(run('kickstand != "double"')).toBe(true);
    expect(run('kickstand < 3')).toBe(false);
    expect(run('kickstand + 1 > 0')).toBe(false);
    expect(run('not kickstand')).toBe(true);
  });

  it('evaluates partial assignments in three-valued logic', () => {
    const partial = (id: string) => (id === 'frame' ? 'steel' : UNKNOWN);
    expect(run('frame == "carbon" and height > 3', partial)).toBe(false);
    expect(run('frame == "steel" or height > 3', partial)).toBe(true);
    expect(run('frame == "steel" implies height > 3', partial)).toBe(UNKNOWN);
    expect(run('if(height > 3, 1, 1) == 1', partial)).toBe(true);
  });

  it('rejects malformed text with the column', () => {
    expect(() => parseExpression('height >')).toThrow(/unexpected end of expression at column 9/);
    expect(() => parseExpression('height $ 2')).toThrow(/unexpected character "\$" at column 8/);
    expect(() => parseExpression('sqrt(2)')).toThrow(/unknown function "sqrt"/);
    expect(() => parseExpression('"open')).toThrow(/unterminated string/);
    expect(() => parseExpression('constructor or toString')).not.toThrow();
  });

  it('type-checks against the options', () => {
    const options = new Map<string, OptionTypeInfo>([
      ['height', { type: 'number', freeText: false }],
      ['frame', { type: 'string', freeText: false }],
      ['note', { type: 'string', freeText: true }],
    ]);
    const check = (text: string, allowFreeText = false) => typeOf(parseExpression(text), { options, allowFreeText });
    expect(check('height * 2 > 3')).toBe('boolean');
    expect(check('if(height > 2, "a", frame)')).toBe('string');
    expect(() => check('frame > 2')).toThrow(/needs a number, got a string/);
    expect(() => check('frame == 2')).toThrow(/comparing with a string/);
    expect(() => check('isSet(1)')).toThrow(/takes an option name/);
    expect(() => check('note == "x"')).toThrow(/free-text option "note"/);
    expect(check('isSet(note)', true)).toBe('boolean');
  });
});
