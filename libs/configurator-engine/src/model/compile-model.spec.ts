import { compileModel, parseModelText, type ProductModelDocument } from '../index';

const base: ProductModelDocument = {
  id: 'lamp',
  name: 'Lamp',
  currency: 'EUR',
  options: [
    { id: 'shade', label: 'Shade', type: 'enumeration', values: ['linen', 'paper', 'brass'] },
    { id: 'height_cm', label: 'Height', type: 'integer', min: 20, max: 60, step: 5 },
    { id: 'dimmer', label: 'Dimmer', type: 'boolean' },
    { id: 'note', label: 'Note', type: 'text', optional: true, maxLength: 10 },
  ],
  rules: [
    {
      id: 'tall-brass',
      type: 'constraint',
      message: 'Brass shades need a height of 40 cm or more.',
      expression: 'shade == "brass" implies height_cm >= 40',
    },
  ],
  pricing: { basePrice: '49.90', adders: [{ option: 'dimmer', value: true, amount: '15.00' }] },
  bom: [{ item: 'CORD', quantity: 'height_cm / 100 + 1.5', unit: 'm' }],
  routing: [{ operationId: 'assemble', sequence: 10, capability: 'assembly', duration: 20 }],
};

function errorsOf(document: unknown) {
  const result = compileModel(document);
  return result.ok ? [] : result.errors;
}

describe('compileModel', () => {
  it('accepts a valid document and keeps it', () => {
    const result = compileModel(base);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.model.id).toBe('lamp');
      expect(result.model.document.options).toHaveLength(4);
    }
  });

  it('locates schema errors by path', () => {
    expect(errorsOf({ ...base, currency: 'euro' })).toEqual([expect.objectContaining({ path: 'currency' })]);
    expect(errorsOf({ ...base, options: [{ ...base.options[0], type: 'colour' }] })[0].path).toBe('options[0].type');
  });

  it('refuses option ids that would clash with object internals', () => {
    const options = [
      { id: 'constructor', label: 'C', type: 'boolean' as const },
      { id: '__proto__', label: 'P', type: 'boolean' as const },
    ];
    expect(errorsOf({ ...base, options, rules: [] }).map((error) => error.path)).toEqual(['options[0].id', 'options[1].id']);
  });

  it('type-checks rule expressions and names the rule', () => {
    const rules = [...(base.rules ?? []), { id: 'bad', type: 'constraint' as const, message: 'm', expression: 'shade + 1 > 2' }];
    expect(errorsOf({ ...base, rules })).toEqual([
      { path: 'rules[1].expression', message: expect.stringContaining('needs a number, got a string') },
    ]);
  });

  it('reports unknown options, syntax errors and free text in rules', () => {
    const rules = [
      { id: 'a', type: 'constraint' as const, message: 'm', expression: 'colour == "red"' },
      { id: 'b', type: 'conditional' as const, message: 'm', when: 'dimmer and', then: 'true' },
      { id: 'c', type: 'constraint' as const, message: 'm', expression: 'note == "x"' },
    ];
    expect(errorsOf({ ...base, rules })).toEqual([
      { path: 'rules[0].expression', message: expect.stringContaining('unknown option "colour"') },
      { path: 'rules[1].when', message: expect.stringContaining('unexpected end') },
      { path: 'rules[2].expression', message: expect.stringContaining('free-text option "note"') },
    ]);
  });

  it('checks values named by requires rules, tables, adders and defaults', () => {
    const document = {
      ...base,
      options: [{ ...base.options[0], default: 'glass' }, ...base.options.slice(1)],
      rules: [
        {
          id: 'r',
          type: 'requires' as const,
          message: 'm',
          if: { option: 'shade', value: 'silk' },
          then: { option: 'dimmer', values: [true] },
        },
        {
          id: 't',
          type: 'table' as const,
          kind: 'allowed' as const,
          message: 'm',
          options: ['shade', 'height_cm'],
          tuples: [
            ['paper', 25],
            ['linen', 21],
          ],
        },
      ],
      pricing: { basePrice: '1.00', adders: [{ option: 'shade', value: 'gold', amount: '2.00' }] },
    };
    expect(errorsOf(document).map((error) => error.path)).toEqual([
      'options[0].default',
      'rules[0].if.value',
      'rules[1].tuples[1][1]',
      'pricing.adders[0].value',
    ]);
  });

  it('rejects a model no configuration satisfies, naming the rules', () => {
    const rules = [
      { id: 'short', type: 'constraint' as const, message: 'm', expression: 'height_cm < 30' },
      { id: 'tall', type: 'constraint' as const, message: 'm', expression: 'height_cm > 50' },
    ];
    expect(errorsOf({ ...base, rules })).toEqual([
      { path: 'rules', message: expect.stringMatching(/rules\[0\] \(short\) \+ rules\[1\] \(tall\)/) },
    ]);
  });

  it('type-checks BOM, routing and pricing expressions', () => {
    const document = {
      ...base,
      bom: [{ item: 'X', quantity: 'shade' }],
      routing: [{ operationId: 'o', sequence: 1, capability: 'assembly', duration: 'dimmer', when: '1' }],
    };
    expect(errorsOf(document).map((error) => error.path)).toEqual(['bom[0].quantity', 'routing[0].when', 'routing[0].duration']);
  });
});

describe('parseModelText', () => {
  it('reads YAML and JSON alike', () => {
    const yaml =
      'id: lamp\nname: Lamp\ncurrency: EUR\noptions:\n  - { id: dimmer, label: Dimmer, type: boolean }\npricing:\n  basePrice: "49.90"\n';
    const result = compileModel(parseModelText(yaml));
    expect(result.ok).toBe(true);
    expect(parseModelText(JSON.stringify(base))).toEqual(JSON.parse(JSON.stringify(base)));
    expect(() => parseModelText('id: [')).toThrow();
  });
});
