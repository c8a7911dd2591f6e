import type { DisjunctiveGraph } from './disjunctive-graph';

/** Take operation `op` off its machine and put it on `machine` at `index` (counted after the removal). */
export interface Move {
  op: number;
  machine: number;
  index: number;
  /** Length of the longest path through the moved operations after the move (an estimate of the makespan). */
  estimate: number;
}

/** Critical blocks: maximal runs of the path on one machine, linked by machine arcs. */
export function criticalBlocks(graph: DisjunctiveGraph, path: number[]): number[][] {
  const blocks: number[][] = [];
  let block: number[] = [path[0]];
  for (let i = 1; i < path.length; i++) {
    if (graph.machineNext[path[i - 1]] === path[i]) block.push(path[i]);
    else {
      blocks.push(block);
      block = [path[i]];
    }
  }
  blocks.push(block);
  return blocks;
}

/** Longest path through a machine segment after reordering it (heads and tails outside kept). */
function segmentEstimate(graph: DisjunctiveGraph, segment: number[], before: number, after: number): number {
  const { head, tail, duration, jobPrev, jobNext } = graph;
  const starts: number[] = new Array(segment.length);
  let time = before >= 0 ? head[before] + duration[before] : 0;
  for (let i = 0; i < segment.length; i++) {
    const jp = jobPrev[segment[i]];
    const start = jp >= 0 && head[jp] + duration[jp] > time ? head[jp] + duration[jp] : time;
    starts[i] = start;
    time = start + duration[segment[i]];
  }
  let rest = after >= 0 ? tail[after] : 0;
  let longest = 0;
  for (let i = segment.length - 1; i >= 0; i--) {
    const jn = jobNext[segment[i]];
    const through = (jn >= 0 && tail[jn] > rest ? tail[jn] : rest) + duration[segment[i]];
    if (starts[i] + through > longest) longest = starts[i] + through;
    rest = through;
  }
  return longest;
}

/** Moves `op` (at position `from`) to position `to` of the same machine, if that cannot create a cycle. */
export function shiftMove(graph: DisjunctiveGraph, op: number, to: number): Move | undefined {
  const { head, tail, jobPrev, jobNext } = graph;
  const sequence = graph.sequences[graph.machine[op]];
  const from = graph.position[op];
  if (to === from) return undefined;
  if (to > from) {
    // Later: no path may lead from op's job successor to the last operation jumped over.
    const jn = jobNext[op];
    if (jn >= 0 && tail[jn] >= tail[sequence[to]]) return undefined;
    const segment = [...sequence.slice(from + 1, to + 1), op];
    const estimate = segmentEstimate(
      graph,
      segment,
      from > 0 ? sequence[from - 1] : -1,
      to + 1 < sequence.length ? sequence[to + 1] : -1,
    );
    return { op, machine: graph.machine[op], index: to, estimate };
  }
  // Earlier: no path may lead from the first operation jumped over to op's job predecessor.
  const jp = jobPrev[op];
  if (jp >= 0 && head[jp] >= head[sequence[to]]) return undefined;
  const segment = [op, ...sequence.slice(to, from)];
  const estimate = segmentEstimate(
    graph,
    segment,
    to > 0 ? sequence[to - 1] : -1,
    from + 1 < sequence.length ? sequence[from + 1] : -1,
  );
  return { op, machine: graph.machine[op], index: to, estimate };
}

/** Moves inside critical blocks: first and last operations moved through the block, inner ones to its ends (N7-like). */
export function blockMoves(graph: DisjunctiveGraph, blocks: number[][]): Move[] {
  const moves: Move[] = [];
  const push = (move: Move | undefined): void => {
    if (move) moves.push(move);
  };
  for (const block of blocks) {
    if (block.length < 2) continue;
    const first = graph.position[block[0]];
    const last = graph.position[block[block.length - 1]];
    for (let i = 1; i < block.length; i++) push(shiftMove(graph, block[0], first + i));
    for (let i = 0; i < block.length - 1; i++) push(shiftMove(graph, block[block.length - 1], first + i));
    for (let i = 1; i < block.length - 1; i++) {
      push(shiftMove(graph, block[i], first));
      push(shiftMove(graph, block[i], last));
    }
  }
  return moves;
}

/** For each critical operation and each other machine able to do it, the best safe position there. */
export function reassignMoves(graph: DisjunctiveGraph, path: number[]): Move[] {
  const { head, tail, duration, jobPrev, jobNext, optionStart, optionMachine, optionDuration } = graph;
  const moves: Move[] = [];
  for (const op of path) {
    if (graph.optionCount(op) < 2) continue;
    const jp = jobPrev[op];
    const jn = jobNext[op];
    const ready = jp >= 0 ? head[jp] + duration[jp] : 0;
    const rest = jn >= 0 ? tail[jn] : 0;
    for (let k = optionStart[op]; k < optionStart[op + 1]; k++) {
      const machine = optionMachine[k];
      if (machine === graph.machine[op]) continue;
      const sequence = graph.sequences[machine];
      let best: Move | undefined;
      for (let index = 0; index <= sequence.length; index++) {
        const before = index > 0 ? sequence[index - 1] : -1;
        const after = index < sequence.length ? sequence[index] : -1;
        // Safe: `before` is not reachable from op's successor, `after` does not reach op's predecessor.
        if (before >= 0 && jn >= 0 && head[before] >= head[jn]) break;
        if (after >= 0 && jp >= 0 && tail[after] >= tail[jp]) continue;
        const start = before >= 0 && head[before] + duration[before] > ready ? head[before] + duration[before] : ready;
        const estimate = start + optionDuration[k] + (after >= 0 && tail[after] > rest ? tail[after] : rest);
        if (!best || estimate < best.estimate) best = { op, machine, index, estimate };
      }
      if (best) moves.push(best);
    }
  }
  return moves;
}

/** Applies a move; returns what is needed to undo it. */
export function applyMove(graph: DisjunctiveGraph, move: Move): Move {
  const fromMachine = graph.machine[move.op];
  const undo: Move = { op: move.op, machine: fromMachine, index: graph.position[move.op], estimate: 0 };
  graph.sequences[fromMachine].splice(graph.position[move.op], 1);
  graph.sequences[move.machine].splice(move.index, 0, move.op);
  graph.machine[move.op] = move.machine;
  graph.duration[move.op] = graph.durationOn(move.op, move.machine);
  graph.linkMachine(fromMachine);
  if (move.machine !== fromMachine) graph.linkMachine(move.machine);
  return undo;
}
