import {
  compileModel,
  configure,
  completeConfiguration,
  checkSelections,
  explainExclusion,
  type CompiledModel,
  type ProductModelDocument,
} from '../index';

const document: ProductModelDocument = {
  id: 'desk',
  name: 'Desk',
  currency: 'EUR',
  options: [
    { id: 'top', label: 'Top', type: 'enumeration', values: ['oak', 'walnut', 'laminate'], default: 'laminate' },
    { id: 'width_cm', label: 'Width', type: 'integer', min: 100, max: 200, step: 20, default: 140 },
    { id: 'legs', label: 'Legs', type: 'enumeration', values: ['steel', 'wood'], default: 'steel' },
    { id: 'motor', label: 'Electric lift', type: 'boolean', default: false },
    { id: 'cable_tray', label: 'Cable tray', type: 'enumeration', values: ['basic', 'deluxe'], optional: true },
  ],
  rules: [
    {
      id: 'motor-steel',
      type: 'requires',
      message: 'An electric lift needs steel legs.',
      if: { option: 'motor', value: true },
      then: { option: 'legs', values: ['steel'] },
    },
    {
      id: 'wood-width',
      type: 'conditional',
      message: 'Wooden legs carry tops up to 160 cm.',
      when: 'legs == "wood"',
      then: 'width_cm <= 160',
    },
    {
      id: 'walnut-no-laminate',
      type: 'table',
      kind: 'forbidden',
      message: 'Walnut is not offered on 100 cm desks.',
      options: ['top', 'width_cm'],
      tuples: [['walnut', 100]],
    },
    {
      id: 'deluxe-motor',
      type: 'conditional',
      message: 'The deluxe tray is made for lift desks.',
      when: 'cable_tray == "deluxe"',
      then: 'motor',
    },
  ],
  pricing: { basePrice: '300.00', adders: [] },
};

let model: CompiledModel;
beforeAll(() => {
  const result = compileModel(document);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  model = result.model;
});

describe('configure', () => {
  it('answers every possible value, ranges for numbers, and the applicable defaults', () => {
    const result = configure(model, {});
    expect(result).toMatchObject({ valid: true, complete: false, conflicts: [] });
    expect(result.domains).toEqual({
      top: ['oak', 'walnut', 'laminate'],
      width_cm: { ranges: [[100, 200]], step: 20, values: [100, 120, 140, 160, 180, 200] },
      legs: ['steel', 'wood'],
      motor: [false, true],
      cable_tray: ['basic', 'deluxe'],
    });
    expect(result.defaults).toEqual({ top: 'laminate', width_cm: 140, legs: 'steel', motor: false });
  });

  it('narrows the other options by propagation through several rules', () => {
    const result = configure(model, { cable_tray: 'deluxe' });
    expect(result.domains.motor).toEqual([true]);
    expect(result.domains.legs).toEqual(['steel']);
    const wood = configure(model, { legs: 'wood', top: 'walnut' });
    expect(wood.domains.width_cm).toEqual({ ranges: [[120, 160]], step: 20, values: [120, 140, 160] });
    expect(wood.domains.cable_tray).toEqual(['basic']);
  });

  it('is complete when every required option is chosen and the optional ones may stay unset', () => {
    expect(configure(model, { top: 'oak', width_cm: 120, legs: 'steel', motor: false }).complete).toBe(true);
    expect(configure(model, { top: 'oak', width_cm: 120, legs: 'steel' }).complete).toBe(false);
  });

  it('explains clashing selections with a minimal conflict and answers for the earlier ones', () => {
    const result = configure(model, { legs: 'wood', width_cm: 200, motor: true });
    expect(result.valid).toBe(false);
    expect(result.conflicts).toEqual([
      { ruleIds: ['wood-width'], options: ['width_cm', 'legs'], message: 'Wooden legs carry tops up to 160 cm.' },
      { ruleIds: ['motor-steel'], options: ['legs', 'motor'], message: 'An electric lift needs steel legs.' },
    ]);
    // width and lift were set aside (latest first); the answer holds for wooden legs alone
    expect(result.domains.legs).toEqual(['wood']);
    expect(result.domains.motor).toEqual([false]);
    expect(result.domains.width_cm).toEqual({ ranges: [[100, 160]], step: 20, values: [100, 120, 140, 160] });
  });

  it('names a choice impossible by itself alone, not with another choice it seems to clash with', () => {
    // The basic tray is never offered with oak, and no desk can have it: it needs the lift,
    // which it also rules out. Changing the top would not help.
    const strict = compileModel({
      ...document,
      rules: [
        ...(document.rules ?? []),
        {
          id: 'basic-oak',
          type: 'excludes',
          message: 'The basic tray does not fit oak tops.',
          if: { option: 'cable_tray', value: 'basic' },
          then: { option: 'top', values: ['oak'] },
        },
        {
          id: 'basic-lift',
          type: 'requires',
          message: 'The basic tray hangs from the lift.',
          if: { option: 'cable_tray', value: 'basic' },
          then: { option: 'motor', values: [true] },
        },
        {
          id: 'basic-no-lift',
          type: 'excludes',
          message: 'The basic tray blocks the lift.',
          if: { option: 'cable_tray', value: 'basic' },
          then: { option: 'motor', values: [true] },
        },
      ],
    });
    if (!strict.ok) throw new Error(JSON.stringify(strict.errors));
    const reason = {
      ruleIds: ['basic-lift', 'basic-no-lift'],
      message: 'The basic tray hangs from the lift.; The basic tray blocks the lift.',
    };
    expect(configure(strict.model, { top: 'oak', cable_tray: 'basic' }).conflicts).toEqual([
      { ...reason, options: ['cable_tray'] },
    ]);
    expect(explainExclusion(strict.model, { top: 'oak' }, 'cable_tray', 'basic')).toEqual({ ...reason, options: [] });
    expect(explainExclusion(strict.model, { top: 'oak', motor: true }, 'cable_tray', 'deluxe')).toBeNull();
  });

  it('reports values outside an option as conflicts without rules', () => {
    const result = configure(model, { top: 'marble' });
    expect(result.valid).toBe(false);
    expect(result.conflicts[0]).toMatchObject({ ruleIds: [], options: ['top'] });
    expect(result.domains.top).toEqual(['oak', 'walnut', 'laminate']);
  });

  it('answers, on request, what each selected option could be changed to', () => {
    const result = configure(model, { motor: true, legs: 'steel', width_cm: 180 }, { alternatives: true });
    expect(result.alternatives).toEqual({
      width_cm: { ranges: [[100, 200]], step: 20, values: [100, 120, 140, 160, 180, 200] },
      legs: ['steel'],
      motor: [false, true],
    });
    expect(configure(model, { motor: true }).alternatives).toBeUndefined();
  });

  it('answers the step of a numeric domain, and lists its values only when there are few', () => {
    const wide = compileModel({
      ...document,
      options: [
        { id: 'length_mm', label: 'Length', type: 'integer', min: 1000, max: 3000, step: 5 },
        { id: 'gap_mm', label: 'Gap', type: 'decimal', min: 0.1, max: 0.9, step: 0.2 },
      ],
      rules: [
        {
          id: 'short-gap',
          type: 'conditional',
          message: 'Short pieces keep a small gap.',
          when: 'length_mm < 1100',
          then: 'gap_mm <= 0.3',
        },
      ],
    });
    if (!wide.ok) throw new Error(JSON.stringify(wide.errors));
    const open = configure(wide.model, {});
    expect(open.domains.length_mm).toEqual({ ranges: [[1000, 3000]], step: 5 });
    expect(open.domains.gap_mm).toEqual({ ranges: [[0.1, 0.9]], step: 0.2, values: [0.1, 0.3, 0.5, 0.7, 0.9] });
    const narrowed = configure(wide.model, { gap_mm: 0.7 });
    // 1100 to 3000 by 5 is 381 values: ranges and step only; a value off the step is refused.
    expect(narrowed.domains.length_mm).toEqual({ ranges: [[1100, 3000]], step: 5 });
    expect(configure(wide.model, { length_mm: 1102 }).valid).toBe(false);
    const few = configure(wide.model, { gap_mm: 0.9 }, { alternatives: true });
    expect(few.alternatives?.gap_mm).toEqual({ ranges: [[0.1, 0.9]], step: 0.2, values: [0.1, 0.3, 0.5, 0.7, 0.9] });
    expect(configure(wide.model, { length_mm: 1050 }).domains.gap_mm).toEqual({
      ranges: [[0.1, 0.3]],
      step: 0.2,
      values: [0.1, 0.3],
    });
  });

  it('honours options the customer explicitly leaves unset', () => {
    expect(configure(model, {}, { unset: ['cable_tray'] }).domains.motor).toEqual([false, true]);
  });
});

describe('explainExclusion', () => {
  it('names the rules and selections that exclude a value', () => {
    expect(explainExclusion(model, { motor: true, top: 'oak' }, 'legs', 'wood')).toEqual({
      ruleIds: ['motor-steel'],
      options: ['motor'],
      message: 'An electric lift needs steel legs.',
    });
    expect(explainExclusion(model, {}, 'legs', 'wood')).toBeNull();
  });
});

describe('completeConfiguration', () => {
  it('prefers defaults and leaves optional options unset', () => {
    expect(completeConfiguration(model, {})).toEqual({ top: 'laminate', width_cm: 140, legs: 'steel', motor: false });
  });

  it('gives way on defaults that no longer fit', () => {
    expect(completeConfiguration(model, { cable_tray: 'deluxe', width_cm: 100 })).toEqual({
      top: 'laminate',
      width_cm: 100,
      legs: 'steel',
      motor: true,
      cable_tray: 'deluxe',
    });
    expect(completeConfiguration(model, { legs: 'wood', motor: true })).toBeNull();
  });
});

describe('checkSelections', () => {
  it('flags unknown options and values outside the domain or type', () => {
    expect(
      checkSelections(model, { top: 'oak', width_cm: 130, colour: 'red', motor: 'yes' }).map((error) => error.option),
    ).toEqual(['width_cm', 'colour', 'motor']);
    expect(checkSelections(model, { width_cm: 140, motor: true })).toEqual([]);
  });
});
