import { BodyBudget } from './body-budget';

describe('BodyBudget', () => {
  const budget = () => new BodyBudget({ smallBytes: 1000, largeBytes: 5000, largeFromBytes: 500 });

  it('takes small bodies while they fit together, and room given back (once) is room again', () => {
    const b = budget();
    const first = b.take(400)!;
    expect(b.take(400)).not.toBeNull();
    expect(b.take(300)).toBeNull();
    first();
    first();
    expect(b.take(300)).not.toBeNull();
    expect(b.take(301)).toBeNull();
    expect(b.take(300)).not.toBeNull();
  });

  it('takes large bodies in a share of their own: several that fit, or one alone however large', () => {
    const b = budget();
    const two = [b.take(2000)!, b.take(2000)!];
    expect(two.every(Boolean)).toBe(true);
    expect(b.take(1001)).toBeNull();
    expect(b.take(500)).not.toBeNull(); // small: its own share
    two.forEach((give) => give());
    const huge = b.take(20_000)!;
    expect(huge).not.toBeNull();
    expect(b.take(501)).toBeNull();
    huge();
    expect(b.take(501)).not.toBeNull();
  });
});
