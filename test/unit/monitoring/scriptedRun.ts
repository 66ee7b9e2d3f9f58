import type { SwarmEvents } from '../../../src/core/events';
import type { Plan } from '../../../src/core/planning/plan';
import type { RunReport } from '../../../src/core/report/runReport';

/** A clock the test moves by hand. */
export class ManualClock {
  ms = Date.parse('2025-03-01T10:00:00.000Z');
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const RUN_ID = '20250301-100000-abcd';

export const plan: Plan = {
  requirements: [
    { id: 'REQ-1', title: 'Architecture notes', description: '', criteria: [], dependsOn: [], capabilities: ['docs'], priority: 'must', source: { file: 'REQUIREMENTS.md', line: 1 } },
    { id: 'REQ-2', title: 'Projects API', description: '', criteria: [], dependsOn: ['REQ-1'], capabilities: ['backend'], priority: 'must', source: { file: 'REQUIREMENTS.md', line: 2 } },
    { id: 'REQ-3', title: 'Landing page', description: '', criteria: [], dependsOn: ['REQ-1'], capabilities: ['frontend'], priority: 'should', source: { file: 'REQUIREMENTS.md', line: 3 } },
  ],
  tasks: [
    { id: 't-arch', agent: 'architect', requirements: ['REQ-1'], dependsOn: [] },
    { id: 't-back', agent: 'backend', requirements: ['REQ-2'], dependsOn: ['t-arch'] },
    { id: 't-front', agent: 'frontend', requirements: ['REQ-3'], dependsOn: ['t-arch'] },
  ],
  unassigned: [],
};

export const finalReport: RunReport = {
  runId: RUN_ID,
  status: 'failed',
  requirements: {
    total: 3,
    covered: 2,
    coverage: 0.6667,
    items: [
      { id: 'REQ-1', title: 'Architecture notes', status: 'covered', agents: ['architect'], files: ['docs/architecture.md'], priority: 'must' },
      { id: 'REQ-2', title: 'Projects API', status: 'failed', agents: ['backend'], files: ['src/api.ts'], priority: 'must' },
      { id: 'REQ-3', title: 'Landing page', status: 'covered', agents: ['frontend'], files: ['web/index.html'], priority: 'should' },
    ],
  },
  agents: [
    { id: 'architect', taskId: 't-arch', status: 'succeeded', attempts: 1, durationMs: 2000, tokens: { prompt: 1000, completion: 200 }, costUsd: 0.00027, files: ['docs/architecture.md'], errors: [] },
    { id: 'backend', taskId: 't-back', status: 'failed', attempts: 2, durationMs: 6000, tokens: { prompt: 3000, completion: 900 }, costUsd: 0.00099, files: ['src/api.ts'], errors: ['placeholder code in src/api.ts'] },
    { id: 'frontend', taskId: 't-front', status: 'succeeded', attempts: 1, durationMs: 3000, tokens: { prompt: 500, completion: 500 }, costUsd: 0.0075, files: ['web/index.html'], errors: [] },
  ],
  placeholders: [{ file: 'src/api.ts', line: 3, rule: 'todo-comment', message: 'TODO left in code' }],
  gates: [
    { name: 'requirement-coverage', threshold: 0.8, actual: 0.6667, passed: false },
    { name: 'agent-success-rate', threshold: 0.9, actual: 0.6667, passed: false },
    { name: 'placeholder-files', threshold: 0, actual: 1, passed: false },
  ],
  totals: { durationMs: 9000, llmCalls: 6, retries: 1, cacheHits: 1, tokens: { prompt: 4500, completion: 1600 }, costUsd: 0.00876 },
  model: 'gpt-4o-mini',
  workspace: '/tmp/ws',
};

/**
 * A small run as the orchestrator emits it: the architect succeeds; the backend hits a 429, is
 * rejected once, retries, gets a cache hit and ends failed with a placeholder; the frontend succeeds
 * on another model; a network error without a status code; the rate limiter queues 3 requests.
 */
export function playScriptedRun(events: SwarmEvents, clock: ManualClock, options: { end?: boolean; runId?: string } = {}): void {
  const runId = options.runId ?? RUN_ID;
  const mini = 'gpt-4o-mini';
  events.emit('run:start', { runId, workspace: '/tmp/ws', plan, model: mini, provider: 'openai-compatible http://127.0.0.1', demo: false, resumed: false });
  events.emit('task:state', { runId, taskId: 't-arch', agent: 'architect', state: 'running', attempt: 1 });
  clock.advance(1000);
  events.emit('llm:call', { runId, taskId: 't-arch', agent: 'architect', model: mini, durationMs: 800, tokens: { prompt: 1000, completion: 200 }, costUsd: 0.00027, cached: false });
  events.emit('agent:step', { runId, taskId: 't-arch', agent: 'architect', attempt: 1, message: 'write_file docs/architecture.md' });
  events.emit('file:written', { runId, taskId: 't-arch', agent: 'architect', path: 'docs/architecture.md', bytes: 120, sha256: 'a'.repeat(64), requirements: ['REQ-1'] });
  events.emit('placeholder:findings', { runId, taskId: 't-arch', agent: 'architect', file: 'docs/architecture.md', findings: [] });
  events.emit('task:state', { runId, taskId: 't-arch', agent: 'architect', state: 'validating', attempt: 1 });
  clock.advance(1000);
  events.emit('validation:result', { runId, taskId: 't-arch', agent: 'architect', attempt: 1, accepted: true, findings: [] });
  events.emit('task:state', { runId, taskId: 't-arch', agent: 'architect', state: 'succeeded', attempt: 1 });
  events.emit('task:end', { runId, taskId: 't-arch', agent: 'architect', status: 'succeeded', attempts: 1, durationMs: 2000, files: ['docs/architecture.md'], errors: [], tokens: { prompt: 1000, completion: 200 }, costUsd: 0.00027 });
  events.emit('requirement:status', { runId, id: 'REQ-1', status: 'covered' });
  events.emit('task:state', { runId, taskId: 't-back', agent: 'backend', state: 'pending', attempt: 0 });
  events.emit('task:state', { runId, taskId: 't-front', agent: 'frontend', state: 'pending', attempt: 0 });
  events.emit('task:state', { runId, taskId: 't-back', agent: 'backend', state: 'running', attempt: 1 });
  events.emit('task:state', { runId, taskId: 't-front', agent: 'frontend', state: 'running', attempt: 1 });
  events.emit('requirement:status', { runId, id: 'REQ-2', status: 'in-progress' });
  clock.advance(500);
  events.emit('llm:error', { runId, taskId: 't-back', agent: 'backend', model: mini, status: 429, message: 'rate limited', willRetry: true, retryInMs: 1000 });
  clock.advance(1000);
  events.emit('llm:call', { runId, taskId: 't-back', agent: 'backend', model: mini, durationMs: 1200, tokens: { prompt: 2000, completion: 600 }, costUsd: 0.00066, cached: false });
  events.emit('file:written', { runId, taskId: 't-back', agent: 'backend', path: 'src/api.ts', bytes: 300, sha256: 'b'.repeat(64), requirements: ['REQ-2'] });
  events.emit('placeholder:findings', { runId, taskId: 't-back', agent: 'backend', file: 'src/api.ts', findings: [{ file: 'src/api.ts', line: 3, rule: 'todo-comment', message: 'TODO left in code' }] });
  events.emit('file:refused', { runId, taskId: 't-back', agent: 'backend', path: '../outside.ts', reason: 'outside the workspace' });
  events.emit('validation:result', { runId, taskId: 't-back', agent: 'backend', attempt: 1, accepted: false, findings: [{ rule: 'placeholder', file: 'src/api.ts', line: 3, message: 'TODO', suggestion: 'implement it' }] });
  events.emit('task:state', { runId, taskId: 't-back', agent: 'backend', state: 'retrying', attempt: 1, reason: 'placeholder code' });
  clock.advance(1500);
  events.emit('llm:call', { runId, taskId: 't-front', agent: 'frontend', model: 'gpt-4o', durationMs: 2500, tokens: { prompt: 500, completion: 500 }, costUsd: 0.0075, cached: false });
  events.emit('file:written', { runId, taskId: 't-front', agent: 'frontend', path: 'web/index.html', bytes: 900, sha256: 'c'.repeat(64), requirements: ['REQ-3'] });
  events.emit('task:state', { runId, taskId: 't-front', agent: 'frontend', state: 'succeeded', attempt: 1 });
  events.emit('task:end', { runId, taskId: 't-front', agent: 'frontend', status: 'succeeded', attempts: 1, durationMs: 3000, files: ['web/index.html'], errors: [], tokens: { prompt: 500, completion: 500 }, costUsd: 0.0075 });
  events.emit('requirement:status', { runId, id: 'REQ-3', status: 'covered' });
  events.emit('task:state', { runId, taskId: 't-back', agent: 'backend', state: 'running', attempt: 2 });
  events.emit('queue:depth', { runId, queue: 'llm', depth: 3 });
  clock.advance(1000);
  events.emit('llm:call', { runId, taskId: 't-back', agent: 'backend', model: mini, durationMs: 0, tokens: { prompt: 0, completion: 0 }, costUsd: 0, cached: true });
  events.emit('llm:call', { runId, taskId: 't-back', agent: 'backend', model: mini, durationMs: 900, tokens: { prompt: 1000, completion: 300 }, costUsd: 0.00033, cached: false });
  events.emit('llm:error', { runId, model: mini, message: 'socket hang up', willRetry: false });
  events.emit('queue:depth', { runId, queue: 'llm', depth: 0 });
  clock.advance(3000);
  events.emit('validation:result', { runId, taskId: 't-back', agent: 'backend', attempt: 2, accepted: false, findings: [] });
  events.emit('task:state', { runId, taskId: 't-back', agent: 'backend', state: 'failed', attempt: 2 });
  events.emit('task:end', { runId, taskId: 't-back', agent: 'backend', status: 'failed', attempts: 2, durationMs: 6000, files: ['src/api.ts'], errors: ['placeholder code in src/api.ts'], tokens: { prompt: 3000, completion: 900 }, costUsd: 0.00099 });
  events.emit('requirement:status', { runId, id: 'REQ-2', status: 'failed' });
  if (options.end !== false) events.emit('run:end', { report: { ...finalReport, runId }, reportDir: '/tmp/ws/.swarm/runs/' + runId });
}
