import { DisjunctiveGraph, type GraphSnapshot } from './disjunctive-graph';
import { greedySchedule } from './initial-solution';
import type { FlexibleJobShopInstance, JobShopSolution } from './job-shop-instance';
import { applyMove, blockMoves, criticalBlocks, reassignMoves, type Move } from './neighbourhood';
import { Random } from '../random';
import { TabuMemory } from './tabu-memory';

// Tuned on ft10, Mk06, Mk07 and Mk10: short stalls and small kicks beat long, patient walks.
const KICK_MIN = 3;
const KICK_SPREAD = 6;
const PATIENCE_BASE = 300;
const PATIENCE_PER_OP = 2;

export interface SolveOptions {
  timeLimitMs?: number;
  seed?: number;
  /** Stop as soon as this makespan is reached (e.g. a known optimum). */
  target?: number;
  /** Safety stop for tests. */
  maxIterations?: number;
}

function initialSolution(graph: DisjunctiveGraph, random: Random, tries: number): GraphSnapshot {
  let best: GraphSnapshot | undefined;
  for (let attempt = 0; attempt < tries; attempt++) {
    const { machine, sequences } = greedySchedule(graph, random, attempt === 0 ? 0 : 0.1 * random.next());
    graph.load(machine, sequences);
    if (!best || graph.makespan < best.makespan) best = graph.snapshot();
  }
  return best!;
}

/** The move to make: the best estimate not forbidden by the tabu memory, unless it beats the best so far. */
function chooseMove(moves: Move[], memory: TabuMemory, graph: DisjunctiveGraph, best: number, random: Random): Move | undefined {
  let chosen: Move | undefined;
  let ties = 0;
  let fallback: Move | undefined;
  for (const move of moves) {
    if (memory.isTabu(graph, move) && move.estimate >= best) {
      if (!fallback || random.next() < 0.3) fallback = move;
      continue;
    }
    if (!chosen || move.estimate < chosen.estimate) {
      chosen = move;
      ties = 1;
    } else if (move.estimate === chosen.estimate && random.below(++ties) === 0) chosen = move;
  }
  return chosen ?? fallback;
}

function perturb(graph: DisjunctiveGraph, random: Random, steps: number): void {
  for (let step = 0; step < steps; step++) {
    const path = graph.criticalPath(random);
    const moves = [...blockMoves(graph, criticalBlocks(graph, path)), ...reassignMoves(graph, path)];
    if (moves.length === 0) return;
    const undo = applyMove(graph, moves[random.below(moves.length)]);
    if (!graph.evaluate()) {
      applyMove(graph, undo);
      graph.evaluate();
    }
  }
}

/**
 * Tabu search on the critical path (after Nowicki–Smutnicki and Mastrolilli–Gambardella):
 * moves inside critical blocks and reassignment of critical operations to other machines,
 * chosen by an estimate of the longest path through them; restarts from the best schedule
 * with a small random kick when the search stalls.
 */
export function solveFlexibleJobShop(instance: FlexibleJobShopInstance, options: SolveOptions = {}): JobShopSolution {
  const started = Date.now();
  const deadline = started + (options.timeLimitMs ?? 10_000);
  const random = new Random(options.seed ?? 1);
  const graph = new DisjunctiveGraph(instance);
  let best = initialSolution(graph, random, 20);
  graph.restore(best);
  let foundAfterMs = Date.now() - started;
  const memory = new TabuMemory(graph.size, graph.machineCount);
  const patience = PATIENCE_BASE + PATIENCE_PER_OP * graph.size;
  let sinceImprovement = 0;
  let iteration = 0;
  const target = options.target ?? 0;
  const maxIterations = options.maxIterations ?? Number.POSITIVE_INFINITY;
  while (best.makespan > target && iteration < maxIterations && ((iteration & 63) !== 0 || Date.now() < deadline)) {
    iteration++;
    const path = graph.criticalPath(random);
    const moves = [...blockMoves(graph, criticalBlocks(graph, path)), ...reassignMoves(graph, path)];
    const move = chooseMove(moves, memory, graph, best.makespan, random);
    if (!move) break;
    memory.remember(graph, move, iteration, random);
    const undo = applyMove(graph, move);
    if (!graph.evaluate()) {
      applyMove(graph, undo);
      graph.evaluate();
      continue;
    }
    if (graph.makespan < best.makespan) {
      best = graph.snapshot();
      foundAfterMs = Date.now() - started;
      sinceImprovement = 0;
    } else if (++sinceImprovement > patience) {
      graph.restore(best);
      perturb(graph, random, KICK_MIN + random.below(KICK_SPREAD));
      memory.clear();
      sinceImprovement = 0;
    }
    memory.tick(iteration);
  }
  graph.restore(best);
  const operations = Array.from({ length: graph.size }, (_, o) => ({
    job: graph.jobOf[o],
    step: graph.stepOf[o],
    machine: graph.machine[o],
    start: graph.head[o],
    end: graph.head[o] + graph.duration[o],
  }));
  return { makespan: graph.makespan, operations, iterations: iteration, foundAfterMs };
}
