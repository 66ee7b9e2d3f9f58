import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SwarmEvents } from '../../../src/core/events';
import { RunMonitor } from '../../../src/core/monitoring/runMonitor';
import { appendTaskHistory, durationP95ByAgent, readTaskHistory, TASK_HISTORY_FILE, type TaskHistoryEntry } from '../../../src/core/monitoring/taskHistory';
import { ManualClock, plan, RUN_ID } from './scriptedRun';

const entry = (agent: string, durationMs: number, outcome: TaskHistoryEntry['outcome'] = 'succeeded'): TaskHistoryEntry => ({ agent, durationMs, attempts: 1, outcome, time: '2025-01-01T00:00:00.000Z' });

describe('task history (.swarm/history.jsonl)', () => {
  let workspace: string;
  beforeEach(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'swarm-history-'));
  });
  afterEach(async () => {
    await rm(workspace, { recursive: true, force: true });
  });

  it('appends entries as JSON lines and reads them back, skipping unreadable lines', async () => {
    const file = path.join(workspace, TASK_HISTORY_FILE);
    await appendTaskHistory(file, [entry('backend', 1000), entry('backend', 2000, 'failed')]);
    await writeFile(file, (await readFile(file, 'utf8')) + '{"agent":"x","durationMs":"slow"}\nnot json\n\n');
    await appendTaskHistory(file, [entry('docs', 300)]);
    const { entries, skippedLines } = await readTaskHistory(file);
    assert.deepEqual(entries, [entry('backend', 1000), entry('backend', 2000, 'failed'), entry('docs', 300)]);
    assert.equal(skippedLines, 2);
  });

  it('is empty when the file does not exist', async () => {
    assert.deepEqual(await readTaskHistory(path.join(workspace, 'none.jsonl')), { entries: [], skippedLines: 0 });
  });

  it('takes the p95 of successful tasks per agent, only with enough samples', () => {
    const entries = [...Array.from({ length: 100 }, (_, i) => entry('backend', (i + 1) * 10)), entry('backend', 99_999, 'failed'), ...[1, 2, 3].map((n) => entry('docs', n))];
    const p95 = durationP95ByAgent(entries);
    assert.equal(p95.get('backend'), 950);
    assert.equal(p95.has('docs'), false, '3 samples say nothing about what is normal');
  });

  it("is read by a monitor given the workspace, before it flags slow tasks", async () => {
    await appendTaskHistory(path.join(workspace, TASK_HISTORY_FILE), Array.from({ length: 10 }, () => entry('architect', 1000)));
    const clock = new ManualClock();
    const events = new SwarmEvents();
    const monitor = new RunMonitor(events, { now: clock.now, workspace });
    await monitor.ready();
    events.emit('run:start', { runId: RUN_ID, workspace, plan, model: 'm', provider: 'p', demo: false, resumed: false });
    events.emit('task:end', { runId: RUN_ID, taskId: 't-arch', agent: 'architect', status: 'succeeded', attempts: 1, durationMs: 1600, files: [], errors: [], tokens: { prompt: 0, completion: 0 }, costUsd: 0 });
    assert.deepEqual(
      monitor.snapshot().anomalies.map((a) => [a.kind, a.taskId]),
      [['slow-task', 't-arch']],
    );
  });
});
