import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { errorMessage } from '../errors';
import { newReader, scanBatch, type BatchResult, type BatchSettings } from './scanBatch';

/**
 * Scans files on several threads: this one and worker threads, all taking batches from one queue
 * (so one huge file does not hold up a fixed share). Opening and parsing dominate a scan; the threads
 * do both in parallel.
 *
 * A worker loads the module that holds this code (`__filename`: the bundle, e.g. dist/cli.js, or this
 * source file under tsx) from an `eval` worker, where `require.main` is unset, so a bundle's command
 * line does not run; the check at the bottom of this file starts the worker's side. Loading a bundle
 * takes a few hundred milliseconds, so this thread keeps scanning: a worker only takes batches once
 * it is up.
 */

const WORKER_FLAG = 'swarmPlaceholderScanWorker';
/** Small batches: a worker's first ones run before its code is optimised, and the last one is waited for. */
const BATCH_FILES = 24;
const MAX_WORKERS = 4;

type ToWorker = { files: string[] };
type FromWorker = { ready: true } | { result: BatchResult };

/** Worker threads this machine can use besides this one. */
export function availableWorkers(): number {
  return Math.max(0, Math.min(availableParallelism() - 1, MAX_WORKERS));
}

interface PoolWorker {
  worker: Worker;
  ready: boolean;
  inFlight?: string[];
  gone: boolean;
}

export class ScanPool {
  private readonly workers: PoolWorker[] = [];
  private queue: string[] = [];
  private next = 0;
  private readonly requeued: string[][] = [];
  private readonly results: BatchResult[] = [];
  private running = false;
  private settled: (() => void) | undefined;
  private readonly up: Promise<void>[] = [];
  /** Batches the worker threads scanned (the rest ran on this thread). */
  workerBatches = 0;

  constructor(
    private readonly settings: BatchSettings,
    count: number,
  ) {
    for (let i = 0; i < count; i++) this.workers.push(this.start());
  }

  /** Scans `files` on this thread and on the workers that are up; stops the workers when done. */
  async run(files: readonly string[]): Promise<BatchResult> {
    this.queue = [...files];
    this.running = true;
    try {
      for (const w of this.workers) if (w.ready && !w.inFlight) this.feed(w);
      const reader = newReader(this.settings.maxBytes);
      const drain = async (): Promise<void> => {
        for (let batch = this.take(); batch; batch = this.take()) {
          this.results.push(await scanBatch(batch, this.settings, reader));
          // Lets the workers' messages in: their results, and their requests for more.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      };
      await drain();
      // The batches the workers still hold; a worker that fails gives its batch back.
      while (this.workers.some((w) => w.inFlight && !w.gone)) await new Promise<void>((resolve) => (this.settled = resolve));
      await drain();
      return { findings: this.results.flatMap((r) => r.findings), filesScanned: this.results.reduce((n, r) => n + r.filesScanned, 0) };
    } finally {
      await this.close();
    }
  }

  /** Resolves once every worker is up (or gone). */
  async ready(): Promise<void> {
    await Promise.all(this.up);
  }

  async close(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers.map((w) => w.worker.terminate().catch(() => undefined)));
  }

  private take(): string[] | undefined {
    const again = this.requeued.pop();
    if (again) return again;
    if (!this.running || this.next >= this.queue.length) return undefined;
    const batch = this.queue.slice(this.next, Math.min(this.queue.length, this.next + BATCH_FILES));
    this.next += batch.length;
    return batch;
  }

  private feed(w: PoolWorker): void {
    w.inFlight = w.gone ? undefined : this.take();
    if (w.inFlight) w.worker.postMessage({ files: w.inFlight } satisfies ToWorker);
    this.settled?.();
  }

  private start(): PoolWorker {
    // From the sources (tests and benches run through tsx), the worker compiles TypeScript the same way.
    const load = __filename.endsWith('.ts') ? `require('tsx/cjs/api').register(); require(${JSON.stringify(__filename)});` : `require(${JSON.stringify(__filename)});`;
    const worker = new Worker(load, { eval: true, workerData: { [WORKER_FLAG]: true, settings: this.settings } });
    const w: PoolWorker = { worker, ready: false, gone: false };
    let markUp: () => void = () => undefined;
    this.up.push(new Promise<void>((resolve) => (markUp = resolve)));
    worker.on('message', (message: FromWorker) => {
      if ('result' in message) {
        this.results.push(message.result);
        this.workerBatches++;
      }
      w.ready = true;
      markUp();
      w.inFlight = undefined;
      if (this.running) this.feed(w);
    });
    const lost = (): void => {
      markUp();
      if (w.gone) return;
      w.gone = true;
      if (w.inFlight) this.requeued.push(w.inFlight);
      w.inFlight = undefined;
      this.settled?.();
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    return w;
  }
}

function serveBatches(): void {
  const port = parentPort;
  if (!port) return;
  const settings = (workerData as { settings: BatchSettings }).settings;
  const reader = newReader(settings.maxBytes);
  port.on('message', (message: ToWorker) => {
    scanBatch(message.files, settings, reader).then(
      (result) => port.postMessage({ result } satisfies FromWorker),
      (error: unknown) => {
        throw new Error(`placeholder scan worker: ${errorMessage(error)}`);
      },
    );
  });
  port.postMessage({ ready: true } satisfies FromWorker);
}

if (!isMainThread && (workerData as Record<string, unknown> | undefined)?.[WORKER_FLAG] === true) serveBatches();
