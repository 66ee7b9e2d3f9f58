import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TaskRecord } from '../../../src/core/orchestrator/journal';
import type { RunReport } from '../../../src/core/report/runReport';
import { assignedIds, goodTurn } from '../../fixtures/llm/bookshelfModel';
import { startScriptedServer, type ScriptedServer } from '../../fixtures/scriptedServer';
import { bundleCli, type CliBundle } from './cliBundle';

const REPO = path.resolve(__dirname, '..', '..', '..');
const BOOKSHELF = path.join(REPO, 'test', 'fixtures', 'requirements-e2e');
const KEY_VARIABLES = ['OPENAI_API_KEY', 'SWARM_API_KEY', 'SWARM_API_KEYS', 'OPENAI_BASE_URL', 'CI'];

interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

interface Running {
  child: ChildProcess;
  exited: Promise<Exited>;
}

/**
 * The `swarm` command line as a user runs it: a separate process from the bundled CLI, talking to the
 * scripted OpenAI-compatible server on 127.0.0.1 when a test gives it `--base-url`.
 */
describe('swarm command line (acceptance)', function () {
  this.timeout(60_000);
  let cli: CliBundle;
  const servers: ScriptedServer[] = [];
  const children: ChildProcess[] = [];
  const temps: string[] = [];

  before(async function () {
    this.timeout(120_000);
    cli = await bundleCli();
  });
  after(async () => {
    await cli?.remove();
    await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  function start(args: string[], options: { cwd?: string; env?: Record<string, string>; slowReaderMs?: number } = {}): Running {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of KEY_VARIABLES) delete env[name];
    const child = spawn(process.execPath, [cli.file, ...args], { cwd: options.cwd ?? REPO, env: { ...env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    if (options.slowReaderMs) {
      // A consumer that reads late, like a busy `| jq`: the pipe fills up and the CLI must wait for it.
      child.stdout!.pause();
      setTimeout(() => child.stdout!.resume(), options.slowReaderMs);
    }
    const exited = new Promise<Exited>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
    return { child, exited };
  }

  const swarm = (args: string[], options?: Parameters<typeof start>[1]) => start(args, options).exited;

  async function server(delayMs = 0): Promise<ScriptedServer & { delayMs: number }> {
    const s = Object.assign(await startScriptedServer(), { delayMs });
    s.setDefault((request) => ({ ...goodTurn(request), delayMs: s.delayMs }));
    servers.push(s);
    return s;
  }

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'swarm-cli-'));
    temps.push(dir);
    return dir;
  }

  /** The bookshelf fixture (12 requirements, 7 tasks) with one agent at a time, so an interruption finds some tasks done and some not. */
  async function bookshelf(): Promise<string> {
    const ws = await tempDir();
    await cp(BOOKSHELF, ws, { recursive: true });
    await mkdir(path.join(ws, '.swarm'));
    await writeFile(
      path.join(ws, '.swarm', 'swarm.json'),
      JSON.stringify({ concurrency: 1, recovery: { attempts: 3, backoffMs: [10, 10] }, rateLimit: { requestsPerMinute: 60_000, tokensPerMinute: 100_000_000 } }),
    );
    return ws;
  }

  const runArgs = (ws: string, s: ScriptedServer) => ['--workspace', ws, '--base-url', s.baseUrl];
  const keyEnv = { OPENAI_API_KEY: 'test' };

  async function journal(ws: string): Promise<{ runId: string; finished: TaskRecord[] } | undefined> {
    const runs = await readdir(path.join(ws, '.swarm', 'runs')).catch(() => [] as string[]);
    if (runs.length === 0) return undefined;
    const runId = runs.sort().at(-1)!;
    const text = await readFile(path.join(ws, '.swarm', 'runs', runId, 'journal.jsonl'), 'utf8').catch(() => '');
    const finished = text
      .split('\n')
      .filter((line) => line.startsWith('{') && line.endsWith('}'))
      .map((line) => JSON.parse(line) as { type: string; record?: TaskRecord })
      .flatMap((entry) => (entry.type === 'task' && entry.record?.status === 'succeeded' ? [entry.record] : []));
    return { runId, finished };
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Which task a model request belongs to: its assigned IDs, or the architect's design task, which has none. */
  function taskKey(ids: string[], systemPrompt: string): string {
    if (ids.length) return [...ids].sort().join(',');
    return /\*\*architect\*\*/.test(systemPrompt) ? 'architect' : 'unassigned';
  }

  function requestKeys(s: ScriptedServer, from = 0): string[] {
    return s.requests.slice(from).map((r) => taskKey(assignedIds(r), String(r.body.messages[0]?.content ?? '')));
  }

  const recordKey = (record: TaskRecord) => (record.covered.length ? [...record.covered].sort().join(',') : record.taskId);

  /** Every file outside `.swarm/`, with a hash of its content. */
  async function snapshot(ws: string): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const entry of await readdir(ws, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const rel = path.relative(ws, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
      if (rel.startsWith('.swarm/')) continue;
      files[rel] = createHash('sha256').update(await readFile(path.join(ws, rel))).digest('hex');
    }
    return files;
  }

  describe('bad input', () => {
    // Each case is its own process: they run at once, and each test checks its own.
    let missingWorkspace: string;
    let noRequirements: string;
    let noKey: string;
    let results: Record<'command' | 'flag' | 'version' | 'workspace' | 'requirements' | 'key', Exited>;

    before(async () => {
      missingWorkspace = path.join(await tempDir(), 'no-such-project');
      noRequirements = await tempDir();
      noKey = await tempDir();
      await writeFile(path.join(noKey, 'REQUIREMENTS.md'), '- **API-1** (backend, must) The API lists books.\n');
      const [command, flag, version, workspace, requirements, key] = await Promise.all([
        swarm(['frobnicate']),
        swarm(['run', '--frobnicate']),
        swarm(['--version']),
        swarm(['run', '--workspace', missingWorkspace], { env: keyEnv }),
        swarm(['run', '--workspace', noRequirements, '--requirements', 'specs/PRODUCT.md'], { env: keyEnv }),
        swarm(['run', '--workspace', noKey]),
      ]);
      results = { command, flag, version, workspace, requirements, key };
    });

    it('prints the usage on stderr and exits 2 for an unknown command', () => {
      const r = results.command;
      assert.equal(r.code, 2);
      assert.match(r.stderr, /unknown command 'frobnicate'/);
      assert.match(r.stderr, /Usage: swarm \[options\] \[command\]/);
      assert.match(r.stderr, /^ {2}run \[options\]/m, 'the usage lists the commands');
      assert.match(r.stderr, /^ {2}resume \[options\]/m);
      assert.equal(r.stdout, '');
    });

    it('prints the command\'s usage on stderr and exits 2 for an unknown flag', () => {
      const r = results.flag;
      assert.equal(r.code, 2);
      assert.match(r.stderr, /unknown option '--frobnicate'/);
      assert.match(r.stderr, /Usage: swarm run \[options\]/);
      assert.match(r.stderr, /--workspace <dir>/);
      assert.equal(r.stdout, '');
    });

    it('prints the version from package.json with --version', async () => {
      const { version } = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
      assert.equal(results.version.code, 0);
      assert.equal(results.version.stdout, `${version}\n`);
    });

    it('names a missing workspace and exits 2 without creating it', async () => {
      const r = results.workspace;
      assert.equal(r.code, 2);
      assert.ok(r.stderr.includes(missingWorkspace), r.stderr);
      assert.match(r.stderr, /does not exist/);
      await assert.rejects(readdir(missingWorkspace), /ENOENT/);
    });

    it('names a missing requirements file and exits 2, writing nothing', async () => {
      const r = results.requirements;
      assert.equal(r.code, 2);
      assert.match(r.stderr, /specs\/PRODUCT\.md/);
      assert.match(r.stderr, /does not exist/);
      assert.deepEqual(await readdir(noRequirements), []);
    });

    it('without an API key says how to set one or run the demo, exits 2 and writes nothing', async () => {
      const r = results.key;
      assert.equal(r.code, 2);
      assert.match(r.stderr, /OPENAI_API_KEY/);
      assert.match(r.stderr, /swarm run --demo/);
      assert.deepEqual(await readdir(noKey), ['REQUIREMENTS.md']);
    });
  });

  it('run --demo --json prints exactly one JSON report on stdout and the progress on stderr', async () => {
    const dir = path.join(await tempDir(), 'demo');
    const r = await swarm(['run', '--demo', dir, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as RunReport;
    assert.equal(report.status, 'passed');
    assert.equal(report.demo, true);
    assert.equal(report.requirements.coverage, 1);
    assert.match(r.stderr, /DEMO MODEL/);
    assert.match(r.stderr, /\[architect\]/, 'per-task progress goes to stderr');
    assert.doesNotMatch(r.stdout, /\[architect\]|PASSED/, 'no progress or summary on stdout');
    const saved = JSON.parse(await readFile(path.join(dir, '.swarm', 'runs', report.runId, 'report.json'), 'utf8')) as RunReport;
    assert.equal(saved.runId, report.runId);
  });

  it('--json writes the whole document before exiting, even to a reader slower than the pipe', async () => {
    const ws = await tempDir();
    const items = Array.from({ length: 3000 }, (_, i) => `- **REQ-${i + 1}** (backend, should) The API stores record number ${i + 1} and returns it by id.`);
    await writeFile(path.join(ws, 'REQUIREMENTS.md'), `# Records\n\n${items.join('\n')}\n`);
    const r = await swarm(['plan', '--workspace', ws, '--json'], { slowReaderMs: 1500 });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.length > 400 * 1024, `a document larger than what a pipe holds in flight (${r.stdout.length} bytes)`);
    const plan = JSON.parse(r.stdout) as { requirements: unknown[] };
    assert.equal(plan.requirements.length, 3000);
  });

  it('Ctrl-C exits 130 and leaves a run that resume finishes without calling the model for finished tasks', async () => {
    const ws = await bookshelf();
    const slow = await server(400);
    const first = start(['run', ...runArgs(ws, slow)], { env: keyEnv });
    const { runId, finished } = await waitFor('two finished tasks', async () => {
      const j = await journal(ws);
      return j && j.finished.length >= 2 ? j : undefined;
    });
    first.child.kill('SIGINT');
    const cancelled = await first.exited;
    assert.equal(cancelled.code, 130, cancelled.stderr);
    const finishedAtCancel = (await journal(ws))!.finished;
    assert.ok(finishedAtCancel.length >= finished.length);
    assert.match(cancelled.stderr, /cancel/i);
    const report = JSON.parse(await readFile(path.join(ws, '.swarm', 'runs', runId, 'report.json'), 'utf8')) as RunReport;
    assert.equal(report.status, 'cancelled');
    assert.ok(report.agents.some((a) => a.status !== 'succeeded'), 'some tasks were left to do');

    const fast = await server();
    const resumed = await swarm(['resume', ...runArgs(ws, fast), '--json'], { env: keyEnv });
    assert.equal(resumed.code, 0, resumed.stderr);
    const final = JSON.parse(resumed.stdout) as RunReport;
    assert.equal(final.runId, runId);
    assert.equal(final.status, 'passed');
    assert.equal(final.requirements.coverage, 1);
    const done = new Set(finishedAtCancel.map(recordKey));
    assert.ok([...done].every((key) => requestKeys(slow).includes(key)), 'each finished task is recognised among the model calls that made it');
    const again = requestKeys(fast).filter((key) => done.has(key));
    assert.deepEqual(again, [], `finished tasks (${[...done].join(' | ')}) made no model calls on resume`);
    assert.ok(fast.callCount > 0, 'the unfinished tasks ran');
  });

  it('after kill -9, resume re-runs only unfinished tasks and the workspace ends as an uninterrupted run would', async () => {
    const [reference, interrupted] = await Promise.all([bookshelf(), bookshelf()]);
    const referenceServer = await server();
    const slow = await server(300);
    // The uninterrupted run goes on at the same time, against its own server.
    const uninterrupted = swarm(['run', ...runArgs(reference, referenceServer)], { env: keyEnv });
    const victim = start(['run', ...runArgs(interrupted, slow)], { env: keyEnv });
    await waitFor('two finished tasks', async () => {
      const j = await journal(interrupted);
      return j && j.finished.length >= 2 ? j : undefined;
    });
    victim.child.kill('SIGKILL');
    const killed = await victim.exited;
    assert.equal(killed.signal, 'SIGKILL');
    const { finished } = (await journal(interrupted))!;

    const fast = await server();
    const resumed = await swarm(['resume', ...runArgs(interrupted, fast), '--json'], { env: keyEnv });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal((JSON.parse(resumed.stdout) as RunReport).status, 'passed');
    const done = new Set(finished.map(recordKey));
    assert.ok([...done].every((key) => requestKeys(slow).includes(key)), 'each finished task is recognised among the model calls that made it');
    assert.deepEqual(
      requestKeys(fast).filter((key) => done.has(key)),
      [],
      `finished tasks (${[...done].join(' | ')}) made no model calls on resume`,
    );

    const completed = await uninterrupted;
    assert.equal(completed.code, 0, completed.stderr);
    const expected = await snapshot(reference);
    assert.ok(Object.keys(expected).length > 12, 'the reference run wrote the project');
    assert.deepEqual(await snapshot(interrupted), expected);
  });

  it('refuses a second run in a workspace while one runs, with a message naming the running one', async () => {
    const ws = await bookshelf();
    const slow = await server(300);
    const first = start(['run', ...runArgs(ws, slow)], { env: keyEnv });
    const lock = await waitFor('the run lock', async () => readFile(path.join(ws, '.swarm', 'run.lock'), 'utf8').catch(() => undefined));
    const { runId } = JSON.parse(lock) as { runId: string };
    const second = await swarm(['run', ...runArgs(ws, slow)], { env: keyEnv });
    assert.equal(second.code, 2, second.stderr);
    assert.match(second.stderr, /another Swarm run/);
    assert.ok(second.stderr.includes(runId), second.stderr);
    assert.ok(second.stderr.includes(String(first.child.pid)), 'names the process that holds the workspace');
    first.child.kill('SIGINT');
    const ended = await first.exited;
    assert.equal(ended.code, 130, ended.stderr);
    assert.equal((await readdir(path.join(ws, '.swarm', 'runs'))).length, 1, 'the refused run left no run of its own');
  });
});
