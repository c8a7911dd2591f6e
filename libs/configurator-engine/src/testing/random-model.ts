import fc from 'fast-check';
import type { ProductModelDocument } from '../model/product-model.schema';

type OptionSpec = { kind: 'enumeration' | 'boolean' | 'integer' | 'decimal'; size: number; optional: boolean };
type Rule = NonNullable<ProductModelDocument['rules']>[number];

const optionSpec: fc.Arbitrary<OptionSpec> = fc.record({
  kind: fc.constantFrom('enumeration' as const, 'boolean' as const, 'integer' as const, 'decimal' as const),
  size: fc.integer({ min: 2, max: 3 }),
  optional: fc.integer({ min: 0, max: 3 }).map((value) => value === 0),
});

function valuesOf(spec: OptionSpec): Array<string | number | boolean> {
  if (spec.kind === 'boolean') return [false, true];
  if (spec.kind === 'integer') return Array.from({ length: spec.size + 1 }, (_, index) => index);
  if (spec.kind === 'decimal') return Array.from({ length: spec.size + 1 }, (_, index) => index / 2);
  return Array.from({ length: spec.size }, (_, index) => `v${index}`);
}

function literalOf(value: string | number | boolean): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** A random small model (2–4 options, 1–4 rules of every kind) for property tests. */
export const randomModel: fc.Arbitrary<ProductModelDocument> = fc
  .array(optionSpec, { minLength: 2, maxLength: 4 })
  .chain((specs) => {
    const ids = specs.map((_, index) => `o${index}`);
    const pick = fc.integer({ min: 0, max: specs.length - 1 });
    const valueOf = (option: number) => fc.constantFrom(...valuesOf(specs[option]));
    const cell = (option: number) =>
      fc.oneof(
        { weight: 6, arbitrary: valueOf(option) },
        { weight: 1, arbitrary: fc.constant('*' as const) },
        { weight: specs[option].optional ? 1 : 0, arbitrary: fc.constant(null) },
      );
    const atom = pick.chain((option): fc.Arbitrary<string> => {
      const spec = specs[option];
      const id = ids[option];
      if (spec.kind === 'boolean') return fc.constantFrom(id, `not ${id}`, `isSet(${id})`);
      if (spec.kind === 'enumeration')
        return valueOf(option).map((value) => `${id} ${['==', '!='][value === 'v0' ? 1 : 0]} ${literalOf(value)}`);
      return fc
        .tuple(pick, fc.constantFrom('<=', '<', '>=', '==', '!='), fc.integer({ min: 0, max: 4 }))
        .map(([other, comparison, k]) =>
          ['integer', 'decimal'].includes(specs[other].kind)
            ? `${id} + ${ids[other]} ${comparison} ${k / 2}`
            : `${id} * 2 ${comparison} ${k}`,
        );
    });
    const formula = fc.oneof(
      atom,
      fc.tuple(atom, fc.constantFrom('and', 'or', 'implies'), atom).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    );
    const rule = (index: number): fc.Arbitrary<Rule> =>
      fc.oneof(
        fc
          .tuple(pick, pick, fc.constantFrom('requires' as const, 'excludes' as const))
          .filter(([a, b]) => a !== b)
          .chain(([a, b, type]) =>
            fc.tuple(valueOf(a), fc.uniqueArray(valueOf(b), { minLength: 1, maxLength: 2 })).map(([value, values]) => ({
              id: `r${index}`,
              message: `rule ${index}`,
              type,
              if: { option: ids[a], value },
              then: { option: ids[b], values },
            })),
          ),
        fc.uniqueArray(pick, { minLength: 2, maxLength: 3 }).chain((options) =>
          fc
            .tuple(
              fc.constantFrom('allowed' as const, 'forbidden' as const),
              fc.array(fc.tuple(...options.map(cell)), { minLength: 1, maxLength: 5 }),
            )
            .map(([kind, tuples]) => ({
              id: `r${index}`,
              message: `rule ${index}`,
              type: 'table' as const,
              kind,
              options: options.map((option) => ids[option]),
              tuples,
            })),
        ),
        formula.map((expression) => ({ id: `r${index}`, message: `rule ${index}`, type: 'constraint' as const, expression })),
        fc
          .tuple(atom, formula)
          .map(([when, then]) => ({ id: `r${index}`, message: `rule ${index}`, type: 'conditional' as const, when, then })),
      );
    return fc
      .integer({ min: 1, max: 4 })
      .chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => rule(index))))
      .map((rules) => ({
        id: 'random',
        name: 'Random',
        currency: 'EUR',
        options: specs.map((spec, index) => {
          const base = { id: ids[index], label: ids[index], ...(spec.optional ? { optional: true } : {}) };
          if (spec.kind === 'boolean') return { ...base, type: 'boolean' as const };
          if (spec.kind === 'integer') return { ...base, type: 'integer' as const, min: 0, max: spec.size };
          if (spec.kind === 'decimal') return { ...base, type: 'decimal' as const, min: 0, max: spec.size / 2, step: 0.5 };
          return { ...base, type: 'enumeration' as const, values: valuesOf(spec) as string[] };
        }),
        rules,
        pricing: { basePrice: '0.00', adders: [] },
      }));
  });

/** Random selections for a model: each option unselected or one of its values. */
export function randomSelections(document: ProductModelDocument): fc.Arbitrary<Record<string, string | number | boolean>> {
  const entries = document.options.map((option) => {
    const values =
      option.type === 'boolean'
        ? [false, true]
        : option.type === 'integer' || option.type === 'decimal'
          ? Array.from(
              { length: Math.round((option.max - option.min) / (option.step ?? 1)) + 1 },
              (_, i) => option.min + i * (option.step ?? 1),
            )
          : option.type === 'enumeration'
            ? option.values.map((v) => (typeof v === 'object' ? v.value : v))
            : [];
    return fc.option(fc.constantFrom(...values), { freq: 2 }).map((value) => [option.id, value] as const);
  });
  return fc
    .tuple(...entries)
    .map((pairs) => Object.fromEntries(pairs.filter(([, value]) => value !== null)) as Record<string, string | number | boolean>);
}
