import type { FlexibleJobShopInstance } from './job-shop-instance';
import type { Random } from '../random';

export interface GraphSnapshot {
  machine: Int32Array;
  sequences: number[][];
  makespan: number;
}

/**
 * A job-shop solution as a disjunctive graph: machine choice per operation and the order of
 * operations on each machine. Heads are earliest starts, tails the longest path from an
 * operation's start to the end of the schedule (its own duration included).
 */
export class DisjunctiveGraph {
  readonly size: number;
  readonly machineCount: number;
  readonly jobOf: Int32Array;
  readonly stepOf: Int32Array;
  readonly jobPrev: Int32Array;
  readonly jobNext: Int32Array;
  readonly jobFirst: Int32Array;
  /** Options of operation o are at [optionStart[o], optionStart[o + 1]). */
  readonly optionStart: Int32Array;
  readonly optionMachine: Int32Array;
  readonly optionDuration: Int32Array;
  readonly machine: Int32Array;
  readonly duration: Int32Array;
  sequences: number[][];
  readonly machinePrev: Int32Array;
  readonly machineNext: Int32Array;
  readonly position: Int32Array;
  readonly head: Int32Array;
  readonly tail: Int32Array;
  makespan = 0;
  private readonly inDegree: Int32Array;
  private readonly order: Int32Array;

  constructor(readonly instance: FlexibleJobShopInstance) {
    const size = instance.jobs.reduce((total, job) => total + job.length, 0);
    const optionCount = instance.jobs.flat().reduce((total, options) => total + options.length, 0);
    this.size = size;
    this.machineCount = instance.machines;
    [this.jobOf, this.stepOf, this.jobPrev, this.jobNext] = [0, 0, 0, 0].map(() => new Int32Array(size));
    this.jobFirst = new Int32Array(instance.jobs.length);
    this.optionStart = new Int32Array(size + 1);
    this.optionMachine = new Int32Array(optionCount);
    this.optionDuration = new Int32Array(optionCount);
    let o = 0;
    let option = 0;
    instance.jobs.forEach((job, j) => {
      this.jobFirst[j] = o;
      job.forEach((options, step) => {
        if (options.length === 0) throw new RangeError(`${instance.name}: job ${j} step ${step} has no machine`);
        this.jobOf[o] = j;
        this.stepOf[o] = step;
        this.jobPrev[o] = step > 0 ? o - 1 : -1;
        this.jobNext[o] = step < job.length - 1 ? o + 1 : -1;
        this.optionStart[o] = option;
        for (const { machine, duration } of options) {
          this.optionMachine[option] = machine;
          this.optionDuration[option++] = duration;
        }
        o++;
      });
    });
    this.optionStart[size] = option;
    [
      this.machine,
      this.duration,
      this.machinePrev,
      this.machineNext,
      this.position,
      this.head,
      this.tail,
      this.inDegree,
      this.order,
    ] = [0, 0, 0, 0, 0, 0, 0, 0, 0].map(() => new Int32Array(size));
    this.sequences = Array.from({ length: instance.machines }, () => []);
  }

  /** Duration of operation o on machine m, or -1 when m cannot do it. */
  durationOn(o: number, m: number): number {
    for (let k = this.optionStart[o]; k < this.optionStart[o + 1]; k++) {
      if (this.optionMachine[k] === m) return this.optionDuration[k];
    }
    return -1;
  }

  optionCount(o: number): number {
    return this.optionStart[o + 1] - this.optionStart[o];
  }

  /** Installs machine choices and sequences, then evaluates; false if they contain a cycle. */
  load(machine: ArrayLike<number>, sequences: number[][]): boolean {
    for (let o = 0; o < this.size; o++) {
      this.machine[o] = machine[o];
      this.duration[o] = this.durationOn(o, machine[o]);
    }
    this.sequences = sequences.map((sequence) => [...sequence]);
    this.linkMachines();
    return this.evaluate();
  }

  snapshot(): GraphSnapshot {
    return { machine: this.machine.slice(), sequences: this.sequences.map((s) => [...s]), makespan: this.makespan };
  }

  restore(snapshot: GraphSnapshot): void {
    this.load(snapshot.machine, snapshot.sequences);
  }

  linkMachines(): void {
    for (const sequence of this.sequences) {
      for (let i = 0; i < sequence.length; i++) {
        const o = sequence[i];
        this.position[o] = i;
        this.machinePrev[o] = i > 0 ? sequence[i - 1] : -1;
        this.machineNext[o] = i < sequence.length - 1 ? sequence[i + 1] : -1;
      }
    }
  }

  /** Relinks one machine after its sequence changed. */
  linkMachine(m: number): void {
    const sequence = this.sequences[m];
    for (let i = 0; i < sequence.length; i++) {
      const o = sequence[i];
      this.position[o] = i;
      this.machinePrev[o] = i > 0 ? sequence[i - 1] : -1;
      this.machineNext[o] = i < sequence.length - 1 ? sequence[i + 1] : -1;
    }
  }

  /** Heads and tails in topological order; false when the graph has a cycle. */
  evaluate(): boolean {
    const { size, jobPrev, jobNext, machinePrev, machineNext, duration, head, tail, inDegree, order } = this;
    let stackTop = 0;
    for (let o = 0; o < size; o++) {
      inDegree[o] = (jobPrev[o] >= 0 ? 1 : 0) + (machinePrev[o] >= 0 ? 1 : 0);
      if (inDegree[o] === 0) order[stackTop++] = o;
    }
    let processed = 0;
    // `order` doubles as the work list: entries before `processed` are done, the rest wait.
    while (processed < stackTop) {
      const o = order[processed++];
      const jp = jobPrev[o];
      const mp = machinePrev[o];
      let start = jp >= 0 ? head[jp] + duration[jp] : 0;
      if (mp >= 0 && head[mp] + duration[mp] > start) start = head[mp] + duration[mp];
      head[o] = start;
      const jn = jobNext[o];
      if (jn >= 0 && --inDegree[jn] === 0) order[stackTop++] = jn;
      const mn = machineNext[o];
      if (mn >= 0 && --inDegree[mn] === 0) order[stackTop++] = mn;
    }
    if (processed < size) return false;
    let makespan = 0;
    for (let i = size - 1; i >= 0; i--) {
      const o = order[i];
      const jn = jobNext[o];
      const mn = machineNext[o];
      let after = jn >= 0 ? tail[jn] : 0;
      if (mn >= 0 && tail[mn] > after) after = tail[mn];
      tail[o] = after + duration[o];
      if (head[o] + tail[o] > makespan) makespan = head[o] + tail[o];
    }
    this.makespan = makespan;
    return true;
  }

  /** One longest path from a first operation to a last one, choosing at random between ties. */
  criticalPath(random: Random): number[] {
    const { size, head, tail, duration, jobNext, machineNext, makespan } = this;
    const starts: number[] = [];
    for (let o = 0; o < size; o++) if (head[o] === 0 && tail[o] === makespan) starts.push(o);
    const path: number[] = [];
    let o = starts[random.below(starts.length)];
    while (o >= 0) {
      path.push(o);
      const end = head[o] + duration[o];
      const rest = tail[o] - duration[o];
      const jn = jobNext[o];
      const mn = machineNext[o];
      const jobCritical = jn >= 0 && head[jn] === end && tail[jn] === rest;
      const machineCritical = mn >= 0 && head[mn] === end && tail[mn] === rest;
      if (jobCritical && machineCritical) o = random.next() < 0.5 ? jn : mn;
      else o = jobCritical ? jn : machineCritical ? mn : -1;
    }
    return path;
  }
}
