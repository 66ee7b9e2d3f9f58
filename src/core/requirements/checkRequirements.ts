import type { ParsedRequirements } from './parsedRequirements';
import type { RequirementsFormat } from './requirementsFormat';
import { lineStartsOf, problemAt, type RequirementsProblem } from './problem';

/**
 * The checks every format shares: an empty document, duplicate IDs, prerequisites that name no
 * requirement, and prerequisite cycles (each named, e.g. `DP-3 → DP-7 → DP-3`).
 */
export function checkRequirements(parsed: ParsedRequirements, text: string, format: RequirementsFormat): RequirementsProblem[] {
  let lineStarts: number[] | undefined;
  const problems: RequirementsProblem[] = [];
  const at = (line: number, message: string) => problems.push(problemAt(text, (lineStarts ??= lineStartsOf(text)), line, message));
  const { requirements } = parsed;

  if (requirements.length === 0) {
    if (parsed.problems.length > 0) return problems;
    if (!text.trim()) at(1, 'the requirements document is empty');
    else if (format !== 'markdown') at(1, 'the document lists no requirements');
    else at(1, 'no requirements found: write list items or headings that start with an ID such as REQ-001, or plain list items under headings');
    return problems;
  }

  const indexById = new Map<string, number>();
  requirements.forEach((requirement, index) => {
    if (!requirement.id) return;
    const first = indexById.get(requirement.id);
    if (first === undefined) indexById.set(requirement.id, index);
    else at(requirement.source.line, `duplicate ID ${requirement.id}: it is already used at line ${requirements[first].source.line}`);
  });

  requirements.forEach((requirement, index) => {
    for (const prerequisite of requirement.dependsOn) {
      if (!indexById.has(prerequisite)) {
        const line = parsed.prerequisiteLines[index]?.get(prerequisite) ?? requirement.source.line;
        at(line, `${requirement.id} depends on ${prerequisite}, which is not a requirement in this document`);
      }
    }
  });

  for (const cycle of prerequisiteCycles(parsed, indexById)) {
    const [first, second] = cycle;
    const index = indexById.get(first) ?? 0;
    const line = parsed.prerequisiteLines[index]?.get(second) ?? requirements[index].source.line;
    at(line, `prerequisite cycle: ${cycle.join(' → ')}`);
  }
  return problems;
}

/**
 * One named cycle per strongly connected component of the prerequisite graph (Tarjan, iterative so a
 * 10,000-requirement chain does not overflow the stack), starting at the component's requirement that
 * comes first in the document, following the shortest way back to it.
 */
function prerequisiteCycles(parsed: ParsedRequirements, indexById: Map<string, number>): string[][] {
  const { requirements } = parsed;
  const count = requirements.length;
  const edges: number[][] = requirements.map((r, i) =>
    indexById.get(r.id) === i ? r.dependsOn.map((d) => indexById.get(d)).filter((d): d is number => d !== undefined) : [],
  );
  const order = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onStack = new Uint8Array(count);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;

  for (let root = 0; root < count; root++) {
    if (order[root] !== -1) continue;
    const work: { node: number; edge: number }[] = [{ node: root, edge: 0 }];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length) {
      const frame = work[work.length - 1];
      const next = edges[frame.node][frame.edge++];
      if (next !== undefined) {
        if (order[next] === -1) {
          order[next] = low[next] = counter++;
          stack.push(next);
          onStack[next] = 1;
          work.push({ node: next, edge: 0 });
        } else if (onStack[next]) {
          low[frame.node] = Math.min(low[frame.node], order[next]);
        }
        continue;
      }
      work.pop();
      if (work.length) low[work[work.length - 1].node] = Math.min(low[work[work.length - 1].node], low[frame.node]);
      if (low[frame.node] === order[frame.node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = 0;
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || edges[frame.node].includes(frame.node)) components.push(component);
      }
    }
  }

  return components
    .map((component) => {
      const members = new Set(component);
      const start = Math.min(...component);
      const previous = new Map<number, number>([[start, -1]]);
      const queue = [start];
      for (let head = 0; head < queue.length; head++) {
        const node = queue[head];
        for (const next of edges[node]) {
          if (next === start) {
            const path = [start];
            for (let at = node; at !== start; at = previous.get(at) as number) path.splice(1, 0, at);
            return [...path, start].map((i) => requirements[i].id);
          }
          if (members.has(next) && !previous.has(next)) {
            previous.set(next, node);
            queue.push(next);
          }
        }
      }
      return [];
    })
    .filter((cycle) => cycle.length > 0)
    .sort((a, b) => (indexById.get(a[0]) ?? 0) - (indexById.get(b[0]) ?? 0));
}
