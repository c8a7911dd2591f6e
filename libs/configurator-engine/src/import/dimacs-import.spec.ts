import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  compileModel,
  configure,
  countConfigurations,
  CountBudgetExceededError,
  importDimacs,
  type CompiledModel,
  type Domain,
} from '../index';
import { pigeonholeDimacs } from '../testing/pigeonhole';

const folder = path.resolve(process.cwd(), '../shared/benchmarks/configuration/feature_models');

function load(name: string): CompiledModel {
  const result = compileModel(importDimacs(readFileSync(path.join(folder, name, `${name}.dimacs`), 'utf8'), { id: name, name }));
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  return result.model;
}

const AUTOMOTIVE01_CONFIGURATIONS = BigInt(
  '5278539219821314670274577698978249614226329764180035258768650428139431316943478950493164460261562310215535134411549961' +
    '261182654628944393235199702191846914047929088235490694238744799357173760000000000000000000000',
);

const decided = (domains: Record<string, Domain>) =>
  Object.values(domains).filter((domain) => Array.isArray(domain) && domain.length === 1).length;

describe('DIMACS feature models', () => {
  it('reads features with their names and clauses as forbidden combinations', () => {
    const model = importDimacs('c 1 Base\nc 2 Wifi\np cnf 2 2\n1 0\n-2 1 0\n', { id: 'tiny', name: 'Tiny' });
    expect(model.options).toEqual([
      { id: 'f1', label: 'Base', type: 'boolean' },
      { id: 'f2', label: 'Wifi', type: 'boolean' },
    ]);
    expect(model.rules?.[1]).toMatchObject({
      type: 'table',
      kind: 'forbidden',
      options: ['f2', 'f1'],
      tuples: [[true, false]],
      message: 'Feature constraint: not Wifi or Base',
    });
  });

  it('rejects malformed input', () => {
    expect(() => importDimacs('1 2 0', { id: 'x', name: 'x' })).toThrow(/outside|missing/);
    expect(() => importDimacs('p cnf 1 1\n2 0\n', { id: 'x', name: 'x' })).toThrow(/outside/);
  });

  // Core and dead features as published with the models (statistics_subset.csv); the counts
  // have the published magnitudes, and are what the counter before issue 12's found.
  it.each([
    ['printer', 172, 49, 28, '2278241108363321839974600000'],
    ['pc-richmond', 377, 9, 22, '3326549945784326553600'],
  ])('%s: %i features, %i decided before any choice, count has %i digits', (name, features, fixed, digits, count) => {
    const model = load(name as string);
    expect(model.finiteOptions).toHaveLength(features as number);
    expect(decided(configure(model, {}).domains)).toBe(fixed);
    expect(countConfigurations(model).toString()).toBe(count);
    expect((count as string).length).toBe(digits);
  });

  // The reference is what the counter before issue 12's (branching on the most constrained
  // option, about a minute) computed; 211 digits, as published.
  it('automotive01: counts exactly its 5.28 × 10^210 configurations, in seconds', () => {
    const model = load('automotive01');
    const count = countConfigurations(model, { timeoutMs: 20_000 });
    expect(count).toBe(AUTOMOTIVE01_CONFIGURATIONS);
    expect(count.toString()).toHaveLength(211);
  });

  it('automotive01: 2,513 features, its 100 core and 195 dead features found exactly', () => {
    const model = load('automotive01');
    expect(model.finiteOptions).toHaveLength(2513);
    const result = configure(model, {});
    expect(decided(result.domains)).toBe(295);
    const core = Object.values(result.domains).filter(
      (domain) => Array.isArray(domain) && domain.length === 1 && domain[0] === true,
    );
    expect(core).toHaveLength(100);
  });
});

describe('counting limits', () => {
  // Twelve pigeons in twelve holes: 12! placements, and no component ever splits off, so the
  // search visits millions of nodes (over 20 s): the budget must stop it.
  it('gives up on a hard count within its budget instead of blocking', () => {
    const result = compileModel(importDimacs(pigeonholeDimacs(12, 12), { id: 'pigeonhole', name: 'Pigeonhole' }));
    if (!result.ok) throw new Error('pigeonhole 12 → 12 has placements');
    const started = Date.now();
    expect(() => countConfigurations(result.model, { timeoutMs: 300 })).toThrow(CountBudgetExceededError);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(() => countConfigurations(result.model, { maxNodes: 50 })).toThrow(/more than 50 nodes/);
  });
});
