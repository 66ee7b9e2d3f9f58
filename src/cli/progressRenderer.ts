import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { SwarmEvents } from '../core/events';

/**
 * Renders a run's events on stderr: one bar per task on a terminal, plain timestamped lines otherwise
 * (CI logs, pipes). Never writes to stdout, which belongs to `--json`.
 */
export class ProgressRenderer {
  private readonly offs: (() => void)[] = [];
  private bars?: MultiBar;
  private readonly taskBars = new Map<string, SingleBar>();

  constructor(
    events: SwarmEvents,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly verbose = false,
  ) {
    const tty = Boolean(stream.isTTY) && !process.env.CI;
    this.offs.push(
      events.on('run:start', (e) => {
        this.line(`Swarm run ${e.runId}${e.resumed ? ' (resumed)' : ''}: ${e.plan.requirements.length} requirements, ${e.plan.tasks.length} tasks, model ${e.model}${e.demo ? ' — DEMO MODEL (scripted, offline)' : ''} via ${e.provider}`);
        for (const u of e.plan.unassigned) this.line(`  ! ${u.id} has no agent: ${u.reason}`);
        if (tty) {
          this.bars = new MultiBar(
            { format: ' {bar} {task} {state}', hideCursor: true, clearOnComplete: false, stream, barsize: 16, autopadding: true },
            Presets.shades_classic,
          );
          for (const task of e.plan.tasks) this.taskBars.set(task.id, this.bars.create(4, 0, { task: task.id.padEnd(14), state: 'pending' }));
        }
      }),
      events.on('task:state', (e) => {
        const bar = this.taskBars.get(e.taskId);
        const label = `${e.state}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}${e.reason ? ` — ${e.reason}` : ''}`;
        if (bar) bar.update(progressOf(e.state), { state: label });
        else this.line(`  [${e.taskId}] ${e.agent}: ${label}`);
      }),
      events.on('agent:step', (e) => {
        if (!this.bars && this.verbose) this.line(`  [${e.taskId}] ${e.message}`);
      }),
      events.on('validation:result', (e) => {
        if (!e.accepted && !this.bars) {
          this.line(`  [${e.taskId}] attempt ${e.attempt} rejected by validation:`);
          for (const f of e.findings.slice(0, 5)) this.line(`      ${f.rule}${f.file ? ` ${f.file}${f.line ? `:${f.line}` : ''}` : ''}: ${f.message}`);
        }
      }),
      events.on('llm:error', (e) => {
        if (!this.bars) this.line(`  model error${e.status ? ` ${e.status}` : ''}: ${e.message}${e.willRetry ? ` — retrying in ${Math.round((e.retryInMs ?? 0) / 100) / 10}s` : ''}`);
      }),
      events.on('task:end', (e) => {
        const bar = this.taskBars.get(e.taskId);
        if (bar) bar.update(4, { state: `${e.status} (${e.attempts} attempt${e.attempts === 1 ? '' : 's'}, ${e.files.length} files)` });
        else this.line(`  [${e.taskId}] ${e.status} after ${e.attempts} attempt(s), ${e.files.length} file(s), ${(e.durationMs / 1000).toFixed(1)}s`);
      }),
      events.on('log', (e) => {
        if (e.level === 'warn' || e.level === 'error' || this.verbose) this.line(`  ${e.level}: ${e.message}`);
      }),
      events.on('run:end', () => this.stop()),
    );
  }

  stop(): void {
    this.bars?.stop();
    this.bars = undefined;
  }

  dispose(): void {
    this.stop();
    for (const off of this.offs) off();
  }

  private line(text: string): void {
    if (this.bars) this.bars.log(`${text}\n`);
    else this.stream.write(`${text}\n`);
  }
}

function progressOf(state: string): number {
  return state === 'running' ? 1 : state === 'validating' ? 2 : state === 'retrying' ? 1 : 0;
}
