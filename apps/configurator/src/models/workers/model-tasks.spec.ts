import { restoreModel, sampleModels, type PortableModel } from '@atelier/configurator-engine';
import { checkModel, runModelTask, type CheckedModel, type TaskOutcome } from './model-tasks';

const bicycle = sampleModels.find((model) => model.id === 'bicycle')!;

/** PHP 10→9 as DIMACS: 415 clauses, and about a minute of search to show it has no solution. */
function pigeonholeDimacs(pigeons: number, holes: number): string {
  const inHole = (pigeon: number, hole: number) => pigeon * holes + hole + 1;
  const clauses: number[][] = [];
  for (let pigeon = 0; pigeon < pigeons; pigeon++) clauses.push(Array.from({ length: holes }, (_, hole) => inHole(pigeon, hole)));
  for (let hole = 0; hole < holes; hole++) {
    for (let a = 0; a < pigeons; a++) for (let b = a + 1; b < pigeons; b++) clauses.push([-inHole(a, hole), -inHole(b, hole)]);
  }
  return [`p cnf ${pigeons * holes} ${clauses.length}`, ...clauses.map((clause) => `${clause.join(' ')} 0`)].join('\n');
}

/** A clock that moves 100 ms each time it is read: deterministic deadlines. */
function tickingClock() {
  let now = 0;
  return () => (now += 100);
}

describe('model worker tasks', () => {
  it('checks a valid model and hands back its validated document as JSON', () => {
    const outcome = checkModel({ format: 'native', document: bicycle }, 20_000, Date.now) as { ok: true; value: CheckedModel };
    expect(outcome.ok).toBe(true);
    expect(outcome.value).toMatchObject({ id: 'bicycle', name: bicycle.name });
    expect(JSON.parse(outcome.value.documentJson).options).toHaveLength(bicycle.options.length);
  });

  it('refuses a model too hard to check within the time limit as TOO_HARD', () => {
    const source = { format: 'dimacs' as const, content: pigeonholeDimacs(10, 9), meta: { id: 'pigeons', name: 'Pigeons' } };
    expect(checkModel(source, 2_000, tickingClock())).toEqual({
      ok: false,
      refusal: { code: 'TOO_HARD', message: expect.stringContaining('too hard to check within 2 s') },
    });
  });

  it('refuses oversized, unreadable and invalid models as INVALID_MODEL, saying why', () => {
    const huge = checkModel({ format: 'dimacs', content: 'p cnf 200000000 1\n', meta: { id: 'x', name: 'X' } }, 20_000, Date.now);
    expect(huge).toEqual({
      ok: false,
      refusal: {
        code: 'INVALID_MODEL',
        message: expect.stringMatching(/too large: .*200000000 variables; at most 100,000/),
        details: { limit: 'options' },
      },
    });
    expect(checkModel({ format: 'yaml', content: 'id: [unclosed' }, 20_000, Date.now)).toMatchObject({
      refusal: { code: 'INVALID_MODEL', message: expect.stringContaining('The YAML document could not be read') },
    });
    expect(checkModel({ format: 'native', document: { ...bicycle, currency: 'euro' } }, 20_000, Date.now)).toMatchObject({
      refusal: { code: 'INVALID_MODEL', details: [expect.objectContaining({ path: 'currency' })] },
    });
  });

  it('compiles and counts a stored document', () => {
    const documentJson = JSON.stringify(bicycle);
    const compiled = runModelTask({ kind: 'compile', documentJson, timeLimitMs: 20_000 }) as TaskOutcome<PortableModel>;
    if (!compiled.ok) throw new Error(compiled.refusal.message);
    const restored = restoreModel(JSON.parse(documentJson), compiled.value);
    expect(restored.rules.map((rule) => rule.id)).toEqual(bicycle.rules!.map((rule) => rule.id));
    const counted = runModelTask({ kind: 'count', documentJson, timeLimitMs: 20_000 }) as TaskOutcome<string>;
    expect(counted.ok && BigInt(counted.value)).toBeGreaterThan(0n);
  });
});
