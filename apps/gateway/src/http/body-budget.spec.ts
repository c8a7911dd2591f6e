import { BodyBudget } from './body-budget';

describe('BodyBudget', () => {
  const budget = () => new BodyBudget({ smallBytes: 1000, largeFromBytes: 500 });

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

  it('takes one large body at a time, beside the small ones', () => {
    const b = budget();
    const large = b.take(20_000)!;
    expect(large).not.toBeNull();
    expect(b.take(501)).toBeNull();
    expect(b.take(500)).not.toBeNull();
    large();
    expect(b.take(501)).not.toBeNull();
  });
});
