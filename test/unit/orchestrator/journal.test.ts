import assert from 'node:assert/strict';
import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Journal, readJournal, settledTasks, type TaskRecord } from '../../../src/core/orchestrator/journal';
import { RunLock } from '../../../src/core/orchestrator/runLock';

const record = (taskId: string, status: TaskRecord['status']): TaskRecord => ({
  taskId,
  agent: taskId,
  producedBy: taskId,
  status,
  attempts: 1,
  durationMs: 10,
  files: [],
  covered: [],
  summary: '',
  errors: [],
  findings: [],
  tokens: { prompt: 1, completion: 1 },
  costUsd: 0,
  llmCalls: 1,
  retries: 0,
});

describe('journal', () => {
  it('keeps the latest record of each task and ignores a torn last line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'swarm-journal-'));
    const file = path.join(dir, 'journal.jsonl');
    const journal = await Journal.open(file);
    await journal.append({ type: 'task', time: 't', record: record('backend', 'needs-approval') });
    await journal.append({ type: 'task', time: 't', record: record('backend', 'succeeded') });
    await journal.append({ type: 'task', time: 't', record: record('docs', 'failed') });
    await journal.close();
    await appendFile(file, '{"type":"task","time":"t","rec');
    const tasks = settledTasks(await readJournal(file));
    assert.equal(tasks.get('backend')?.status, 'succeeded');
    assert.equal(tasks.get('docs')?.status, 'failed');
    assert.equal(tasks.size, 2);
  });
});

describe('run lock', () => {
  it('refuses a second run while the first holds the lock, and frees it on release', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'swarm-lock-'));
    const lock = await RunLock.acquire(dir, 'run-1');
    await assert.rejects(RunLock.acquire(dir, 'run-2'), /already running/);
    await lock.release();
    const again = await RunLock.acquire(dir, 'run-3');
    await again.release();
  });

  it('takes over a lock whose process is gone', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'swarm-lock-'));
    await RunLock.acquire(dir, 'run-1').then((l) => l.release());
    await writeFile(path.join(dir, '.swarm', 'run.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, runId: 'dead', startedAt: 'then' }));
    const lock = await RunLock.acquire(dir, 'run-2');
    await lock.release();
  });

  it('names the other live process', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'swarm-lock-'));
    await RunLock.acquire(dir, 'run-1').then((l) => l.release());
    await writeFile(path.join(dir, '.swarm', 'run.lock'), JSON.stringify({ pid: 1, runId: 'other-run', startedAt: 'then' }));
    await assert.rejects(RunLock.acquire(dir, 'run-2'), /another Swarm run \(other-run, process 1/);
  });
});
