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

const folder = path.resolve(process.cwd(), '../shared/benchmarks/configuration/feature_models');

function load(name: string): CompiledModel {
  const result = compileModel(importDimacs(readFileSync(path.join(folder, name, `${name}.dimacs`), 'utf8'), { id: name, name }));
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 3)));
  return result.model;
}

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

  // Core and dead features as published with the models (statistics_subset.csv).
  it.each([
    ['printer', 172, 49, 28],
    ['pc-richmond', 377, 9, 22],
  ])('%s: %i features, %i decided before any choice, count has %i digits', (name, features, fixed, digits) => {
    const model = load(name as string);
    expect(model.finiteOptions).toHaveLength(features as number);
    expect(decided(configure(model, {}).domains)).toBe(fixed);
    expect(countConfigurations(model).toString()).toHaveLength(digits as number);
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
  it('gives up on automotive01 within its budget instead of blocking for minutes', () => {
    const model = load('automotive01');
    const started = Date.now();
    expect(() => countConfigurations(model, { timeoutMs: 300 })).toThrow(CountBudgetExceededError);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(() => countConfigurations(model, { maxNodes: 50 })).toThrow(/more than 50 nodes/);
  });
});
