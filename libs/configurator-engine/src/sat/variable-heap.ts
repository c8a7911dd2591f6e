/** A max-heap of variables ordered by activity (VSIDS decision order). */
export class VariableHeap {
  private readonly heap: number[] = [];
  private readonly position: number[] = [];

  constructor(private readonly activity: number[]) {}

  contains(variable: number): boolean {
    return (this.position[variable] ?? -1) >= 0;
  }

  isEmpty(): boolean {
    return this.heap.length === 0;
  }

  insert(variable: number): void {
    if (this.contains(variable)) return;
    this.position[variable] = this.heap.length;
    this.heap.push(variable);
    this.siftUp(this.heap.length - 1);
  }

  /** Call after the variable's activity grew. */
  increased(variable: number): void {
    if (this.contains(variable)) this.siftUp(this.position[variable]);
  }

  removeMax(): number {
    const top = this.heap[0];
    const last = this.heap.pop() as number;
    this.position[top] = -1;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.position[last] = 0;
      this.siftDown(0);
    }
    return top;
  }

  private siftUp(start: number): void {
    const { heap, position, activity } = this;
    const variable = heap[start];
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (activity[heap[parent]] >= activity[variable]) break;
      heap[index] = heap[parent];
      position[heap[index]] = index;
      index = parent;
    }
    heap[index] = variable;
    position[variable] = index;
  }

  private siftDown(start: number): void {
    const { heap, position, activity } = this;
    const variable = heap[start];
    let index = start;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= heap.length) break;
      if (child + 1 < heap.length && activity[heap[child + 1]] > activity[heap[child]]) child += 1;
      if (activity[heap[child]] <= activity[variable]) break;
      heap[index] = heap[child];
      position[heap[index]] = index;
      index = child;
    }
    heap[index] = variable;
    position[variable] = index;
  }
}
