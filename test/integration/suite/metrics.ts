// Numbers a test measures for `npm run bench` (never asserted on). Each *.test.ts is bundled on its
// own, so the store lives on globalThis, shared by every bundle in the extension host.
const KEY = Symbol.for('swarm.integration.metrics');

function store(): Record<string, number> {
  const g = globalThis as typeof globalThis & { [KEY]?: Record<string, number> };
  g[KEY] ??= {};
  return g[KEY];
}

export function recordMetric(name: string, value: number): void {
  store()[name] = value;
}

export function collectedMetrics(): Record<string, number> {
  return { ...store() };
}
