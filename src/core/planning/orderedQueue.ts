/** A binary min-heap of numbers: the smallest comes out first (deterministic topological orders). */
export class OrderedQueue {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    items.push(value);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (items[parent] <= items[i]) break;
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }

  pop(): number | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop() as number;
    if (items.length > 0) {
      items[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && items[left] < items[smallest]) smallest = left;
        if (right < items.length && items[right] < items[smallest]) smallest = right;
        if (smallest === i) break;
        [items[smallest], items[i]] = [items[i], items[smallest]];
        i = smallest;
      }
    }
    return top;
  }
}

/**
 * Indices 0..count-1 in an order where every node comes after the nodes it depends on, the smallest
 * index first among those ready. Returns the nodes left over when there is a cycle.
 */
export function orderedTopologicalSort(count: number, dependencies: (node: number) => readonly number[]): { order: number[]; cyclic: number[] } {
  const dependents: number[][] = Array.from({ length: count }, () => []);
  const waiting = new Int32Array(count);
  for (let node = 0; node < count; node++) {
    for (const dependency of dependencies(node)) {
      dependents[dependency].push(node);
      waiting[node]++;
    }
  }
  const queue = new OrderedQueue();
  for (let node = 0; node < count; node++) if (waiting[node] === 0) queue.push(node);
  const order: number[] = [];
  while (queue.size > 0) {
    const node = queue.pop() as number;
    order.push(node);
    for (const dependent of dependents[node]) if (--waiting[dependent] === 0) queue.push(dependent);
  }
  const cyclic: number[] = [];
  if (order.length < count) for (let node = 0; node < count; node++) if (waiting[node] > 0) cyclic.push(node);
  return { order, cyclic };
}
