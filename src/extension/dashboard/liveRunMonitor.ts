import * as vscode from 'vscode';
import type { RunSwarmOptions } from '../../core/engine/runOptions';
import type { MonitorSnapshot } from '../../core/monitoring/monitorSnapshot';
import type { RunMonitor } from '../../core/monitoring/runMonitor';
import type { SwarmEngine } from '../engine/swarmEngine';

/** Snapshots at most this often while a run goes (4 a second): enough for charts, cheap for the host. */
const PUBLISH_INTERVAL_MS = 250;

/**
 * Measures each run this window starts, live: a core `RunMonitor` attached to the run's events (the
 * engine keeps its own for the report; this one is the window's), and its snapshot published at most
 * 4 times a second for the dashboard and the status bar. It sees the runs through the engine port
 * (`observe`), so it needs nothing from whoever starts them.
 */
export class LiveRunMonitor implements vscode.Disposable {
  private monitor: RunMonitor | undefined;
  private stopFollowing: (() => void) | undefined;
  private last: MonitorSnapshot | undefined;
  private readonly published = new vscode.EventEmitter<MonitorSnapshot>();
  /** A snapshot of the current run: at its start and end at once, in between throttled. */
  readonly onDidPublish = this.published.event;

  constructor(
    private readonly log: Pick<vscode.LogOutputChannel, 'warn'>,
    private readonly intervalMs = PUBLISH_INTERVAL_MS,
  ) {}

  /** The last snapshot published: the run going on, or the last one this window ran. */
  get latest(): MonitorSnapshot | undefined {
    return this.last;
  }

  /** The Prometheus registry of the run going on (or the last one), for `/metrics`. */
  get registry(): RunMonitor['registry'] | undefined {
    return this.monitor?.registry;
  }

  /** The engine port, with every run it starts followed by this monitor first. */
  observe(engine: SwarmEngine): SwarmEngine {
    // Everything else is the engine's own (through the prototype, so a class-based engine works too).
    const observed = Object.create(engine) as SwarmEngine;
    observed.runSwarm = async (options) => {
      await this.follow(options);
      return engine.runSwarm(options);
    };
    return observed;
  }

  dispose(): void {
    this.stopFollowing?.();
    this.stopFollowing = undefined;
    this.published.dispose();
  }

  private async follow(options: RunSwarmOptions): Promise<void> {
    try {
      const [{ RunMonitor }, { publishSnapshots }, budgetUsd] = await Promise.all([
        import('../../core/monitoring/runMonitor'),
        import('../../core/monitoring/snapshotPublisher'),
        this.budgetOf(options),
      ]);
      this.stopFollowing?.();
      // One monitor per run: a resumed run's monitor picks up the earlier session from its metrics.json.
      const monitor = new RunMonitor({ workspace: options.workspace, budgetUsd });
      const detach = monitor.attach(options.events);
      const stopPublishing = publishSnapshots(options.events, monitor, (snapshot) => this.publish(snapshot), this.intervalMs);
      this.monitor = monitor;
      this.stopFollowing = () => {
        detach();
        stopPublishing();
      };
    } catch (error) {
      // The run goes on without a live dashboard; its report and metrics.json are the engine's.
      this.log.warn(`the dashboard cannot follow this run: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** `budget.maxCostUsd` of the run's configuration, for the cost-versus-coverage anomaly. */
  private async budgetOf(options: RunSwarmOptions): Promise<number | undefined> {
    try {
      const { loadConfig } = await import('../../core/config/loadConfig');
      return (await loadConfig(options.workspace, options.configFile, options.overrides ?? {})).budget.maxCostUsd;
    } catch {
      // A configuration problem is the run's to report, with its file and line.
      return undefined;
    }
  }

  private publish(snapshot: MonitorSnapshot): void {
    this.last = snapshot;
    this.published.fire(snapshot);
  }
}
