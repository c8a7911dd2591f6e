import type { DisjunctiveGraph } from './disjunctive-graph';
import type { Random } from '../random';

/**
 * A randomised greedy schedule: repeatedly take, among the next operation of every job and
 * every machine able to do it, one of the choices that finishes earliest, and append it.
 */
export function greedySchedule(
  graph: DisjunctiveGraph,
  random: Random,
  greed: number,
): { machine: Int32Array; sequences: number[][] } {
  const jobs = graph.jobFirst.length;
  const nextOp = Int32Array.from(graph.jobFirst);
  const jobEnd = new Int32Array(graph.size);
  const jobReady = new Float64Array(jobs);
  const machineReady = new Float64Array(graph.machineCount);
  const machine = new Int32Array(graph.size);
  const sequences: number[][] = Array.from({ length: graph.machineCount }, () => []);
  for (let j = 0; j < jobs; j++) jobEnd[j] = j + 1 < jobs ? graph.jobFirst[j + 1] : graph.size;
  for (let placed = 0; placed < graph.size; placed++) {
    let bestEnd = Number.POSITIVE_INFINITY;
    let choices: Array<[number, number]> = [];
    for (let j = 0; j < jobs; j++) {
      const o = nextOp[j];
      if (o >= jobEnd[j]) continue;
      for (let k = graph.optionStart[o]; k < graph.optionStart[o + 1]; k++) {
        const m = graph.optionMachine[k];
        const end = Math.max(jobReady[j], machineReady[m]) + graph.optionDuration[k];
        // Accept choices within a random slack of the best, so that repeated runs differ.
        if (end < bestEnd * (1 - greed)) choices = [];
        if (end <= bestEnd * (1 + greed)) choices.push([o, m]);
        if (end < bestEnd) bestEnd = end;
      }
    }
    const viable = choices.filter(([o, m]) => {
      const end = Math.max(jobReady[graph.jobOf[o]], machineReady[m]) + graph.durationOn(o, m);
      return end <= bestEnd * (1 + greed);
    });
    const [o, m] = viable[random.below(viable.length)];
    const end = Math.max(jobReady[graph.jobOf[o]], machineReady[m]) + graph.durationOn(o, m);
    machine[o] = m;
    sequences[m].push(o);
    jobReady[graph.jobOf[o]] = end;
    machineReady[m] = end;
    nextOp[graph.jobOf[o]]++;
  }
  return { machine, sequences };
}
