import { compileModel, configure, importDimacs, ReasoningBudgetExceededError, sampleModels, type CompiledModel } from '../index';
import { pigeonholeClauses, pigeonholeDimacs } from '../testing/pigeonhole';
import { negative, positive } from './literal';
import { SatSolver } from './sat-solver';
import { SearchLimit } from './search-limit';

function pigeonholeSolver(pigeons: number, holes: number): SatSolver {
  const solver = new SatSolver();
  for (let variable = 0; variable < pigeons * holes; variable++) solver.newVariable();
  for (const clause of pigeonholeClauses(pigeons, holes)) {
    solver.addClause(clause.map((literal) => (literal > 0 ? positive(literal - 1) : negative(-literal - 1))));
  }
  return solver;
}

function thrown(run: () => unknown): ReasoningBudgetExceededError {
  try {
    run();
  } catch (error) {
    if (error instanceof ReasoningBudgetExceededError) return error;
    throw error;
  }
  throw new Error('the budget was not exceeded');
}

describe('SAT search budgets', () => {
  // PHP 10→9 needs far more than 100,000 conflicts (about a minute on this machine).
  it('stops a pigeonhole search on its conflict budget and says so', () => {
    const solver = pigeonholeSolver(10, 9);
    solver.useLimit(new SearchLimit({ maxConflicts: 2_000 }));
    const error = thrown(() => solver.solve());
    expect(error.limit).toBe('conflicts');
    expect(error.spent.conflicts).toBe(2_001);
    expect(error.message).toMatch(/conflicts budget/);
  });

  it('stops on its propagation budget', () => {
    const solver = pigeonholeSolver(10, 9);
    solver.useLimit(new SearchLimit({ maxPropagations: 50_000 }));
    const error = thrown(() => solver.solve());
    expect(error.limit).toBe('propagations');
    expect(error.spent.propagations).toBeGreaterThan(50_000);
  });

  it('stops at the deadline of the clock it is given', () => {
    let now = 0;
    const solver = pigeonholeSolver(10, 9);
    solver.useLimit(new SearchLimit({ deadline: { at: 20, now: () => (now += 1) } }));
    expect(thrown(() => solver.solve()).limit).toBe('time');
    expect(now).toBeGreaterThan(20);
  });

  it('leaves the solver usable: with budget enough, the answer is the right one', () => {
    const solver = pigeonholeSolver(7, 6); // about 5,000 conflicts
    solver.useLimit(new SearchLimit({ maxConflicts: 500 }));
    expect(() => solver.solve()).toThrow(ReasoningBudgetExceededError);
    solver.useLimit(new SearchLimit({ maxConflicts: 1_000_000 }));
    expect(solver.solve()).toBe(false);
    const satisfiable = pigeonholeSolver(6, 6);
    satisfiable.useLimit(new SearchLimit({ maxConflicts: 1_000_000 }));
    expect(satisfiable.solve()).toBe(true);
  });
});

describe('budgets of engine operations', () => {
  it('refuses to decide whether a hard imported model has a configuration, past its budget', () => {
    const document = importDimacs(pigeonholeDimacs(10, 9), { id: 'pigeons', name: 'Pigeons' });
    const error = thrown(() => compileModel(document, { budget: { maxConflicts: 3_000 } }));
    expect(error.limit).toBe('conflicts');
  });

  it('answers configure within a budget it does not need, and refuses one it does', () => {
    const bicycle = compileModel(sampleModels[0]);
    if (!bicycle.ok) throw new Error('bicycle does not compile');
    // With a choice made (without one, configure answers what compilation found, without search).
    const touring = { usage: 'touring' };
    const generous = configure(bicycle.model, touring, { budget: { maxConflicts: 100_000 } });
    expect(generous).toEqual(configure(bicycle.model, touring));
    expect(thrown(() => configure(bicycle.model, touring, { budget: { maxPropagations: 5 } })).limit).toBe('propagations');
    // The budget was the call's: the next call without one answers as before.
    expect(configure(bicycle.model, touring)).toEqual(generous);
  });

  it('stops a configure whose selections make the model hard, and answers the next one', () => {
    // PHP 10→9 with two escape features: any clause holds when either is on. Each value alone
    // is easy to place (compile probes them one at a time); both off is the full pigeonhole.
    const escapes = pigeonholeClauses(10, 9).map((clause) => [...clause, 91, 92]);
    const cnf = [`p cnf 92 ${escapes.length}`, ...escapes.map((clause) => `${clause.join(' ')} 0`)].join('\n');
    const compiled = compileModel(importDimacs(cnf, { id: 'escapes', name: 'Escapes' }), { budget: { maxConflicts: 100_000 } });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const model: CompiledModel = compiled.model;
    const error = thrown(() => configure(model, { f91: false, f92: false }, { budget: { maxConflicts: 1_000 } }));
    expect(error.limit).toBe('conflicts');
    expect(configure(model, { f91: true }, { budget: { maxConflicts: 100_000 } })).toMatchObject({ valid: true, conflicts: [] });
  });
});
