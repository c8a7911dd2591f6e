/** Values (one per option per model) the pool holds at most: 4 MB. */
const POOL_CELLS = 1_000_000;
const POOL_MODELS = 1024;

/**
 * Complete valid configurations the solver found lately (value index per option), kept in a
 * ring. Each stays valid for good (clauses added later follow from the model), so any of them
 * that agrees with a new call's choices shows its values possible without a solver call:
 * the versions of a car, say, each need a model of their own, and they are found once.
 */
export class ModelPool {
  private readonly models: Int32Array[] = [];
  private next = 0;
  private readonly capacity: number;

  constructor(optionCount: number) {
    this.capacity = Math.max(16, Math.min(POOL_MODELS, Math.floor(POOL_CELLS / Math.max(1, optionCount))));
  }

  add(model: Int32Array): void {
    if (this.models.length < this.capacity) this.models.push(model);
    else this.models[this.next] = model;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The newest pooled model agreeing with `fixed` (value index per option, -1 = free). */
  findAgreeing(fixed: ArrayLike<number>): Int32Array | null {
    const choices = choicesOf(fixed, -1);
    for (let back = 1; back <= this.models.length; back++) {
      const model = this.models[(this.next - back + this.models.length) % this.models.length];
      if (agrees(model, fixed, choices)) return model;
    }
    return null;
  }

  /** Marks in `feasible` every value of the pooled models that agree with `fixed`; returns them. */
  markAgreeing(fixed: ArrayLike<number>, feasible: Uint8Array[]): Int32Array[] {
    const choices = choicesOf(fixed, -1);
    const agreeing: Int32Array[] = [];
    for (const model of this.models) {
      if (!agrees(model, fixed, choices)) continue;
      agreeing.push(model);
      for (let option = 0; option < model.length; option++) feasible[option][model[option]] = 1;
    }
    return agreeing;
  }

  /** Marks in `values` the values of `option` in pooled models agreeing with `fixed` elsewhere. */
  markOption(fixed: ArrayLike<number>, option: number, values: Uint8Array): void {
    const choices = choicesOf(fixed, option);
    for (const model of this.models) if (agrees(model, fixed, choices)) values[model[option]] = 1;
  }
}

function choicesOf(fixed: ArrayLike<number>, ignored: number): number[] {
  const choices: number[] = [];
  for (let option = 0; option < fixed.length; option++) if (fixed[option] >= 0 && option !== ignored) choices.push(option);
  return choices;
}

function agrees(model: Int32Array, fixed: ArrayLike<number>, choices: number[]): boolean {
  for (const option of choices) if (model[option] !== fixed[option]) return false;
  return true;
}
