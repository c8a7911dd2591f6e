import type { DisjunctiveGraph } from './disjunctive-graph';
import type { Move } from './neighbourhood';
import type { Random } from '../random';

/**
 * What the search may not undo for a while: an order between two operations it just reversed,
 * or a machine it just took an operation off.
 */
export class TabuMemory {
  private readonly pairUntil: Int32Array;
  private readonly machineUntil: Int32Array;
  private iteration = 0;
  private readonly baseTenure: number;

  constructor(
    private readonly size: number,
    private readonly machines: number,
  ) {
    this.pairUntil = new Int32Array(size * size);
    this.machineUntil = new Int32Array(size * machines);
    this.baseTenure = 2 + Math.round(Math.sqrt(size) / 1.5);
  }

  tick(iteration: number): void {
    this.iteration = iteration;
  }

  clear(): void {
    this.pairUntil.fill(0);
    this.machineUntil.fill(0);
  }

  /** Tabu when the move puts the operation back on a recent machine, or recreates a recently reversed order. */
  isTabu(graph: DisjunctiveGraph, move: Move): boolean {
    const { op } = move;
    if (move.machine !== graph.machine[op]) return this.machineUntil[op * this.machines + move.machine] > this.iteration;
    const sequence = graph.sequences[move.machine];
    const from = graph.position[op];
    if (move.index > from) {
      for (let i = from + 1; i <= move.index; i++) if (this.pairUntil[sequence[i] * this.size + op] > this.iteration) return true;
    } else {
      for (let i = move.index; i < from; i++) if (this.pairUntil[op * this.size + sequence[i]] > this.iteration) return true;
    }
    return false;
  }

  /** Call before applying the move: forbids restoring the orders and the machine it changes. */
  remember(graph: DisjunctiveGraph, move: Move, iteration: number, random: Random): void {
    const { op } = move;
    const tenure = this.baseTenure + random.below(this.baseTenure + 1);
    const until = iteration + tenure;
    const fromMachine = graph.machine[op];
    if (move.machine !== fromMachine) {
      this.machineUntil[op * this.machines + fromMachine] = until;
      return;
    }
    const sequence = graph.sequences[fromMachine];
    const from = graph.position[op];
    if (move.index > from) {
      for (let i = from + 1; i <= move.index; i++) this.pairUntil[op * this.size + sequence[i]] = until;
    } else {
      for (let i = move.index; i < from; i++) this.pairUntil[sequence[i] * this.size + op] = until;
    }
  }
}
