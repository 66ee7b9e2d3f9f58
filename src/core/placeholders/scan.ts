import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SwarmInputError } from '../errors';
import { languageOf } from './languages';
import { newReader, scanBatch, type BatchResult, type BatchSettings } from './scanBatch';
import { availableWorkers, ScanPool } from './scanWorkers';
import type { DetectorOptions, PlaceholderFinding } from './types';
import { walkFiles } from './walk';

export interface ScanOptions extends DetectorOptions {
  /** Files larger than this are skipped (default 1 MiB). */
  maxFileBytes?: number;
  /** Worker threads besides this one when a scan runs long (default: `SWARM_SCAN_WORKERS`, else one per spare core, at most 4; 0 scans on this thread only). */
  workers?: number;
}

export interface ScanResult {
  findings: PlaceholderFinding[];
  filesScanned: number;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
const LOCKFILES = new Set(['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'cargo.lock', 'go.sum', 'poetry.lock', 'composer.lock', 'gemfile.lock']);

/**
 * Scans files and directories for placeholders. Paths are resolved against `cwd` and findings name
 * files relative to it. A path that does not exist is bad input (SwarmInputError). Directories are
 * walked skipping .git/, .swarm/, node_modules/, git-ignored paths, binaries, lockfiles and files
 * over `maxFileBytes`; files named explicitly are scanned even when git-ignored.
 */
export async function scanPaths(paths: string[], cwd: string, options: ScanOptions = {}): Promise<ScanResult> {
  const roots = paths.length > 0 ? paths : ['.'];
  const settings: BatchSettings = {
    cwd,
    maxBytes: options.maxFileBytes ?? DEFAULT_MAX_BYTES,
    detector: { disabledRules: options.disabledRules, extraPatterns: options.extraPatterns, claimedRequirements: options.claimedRequirements },
  };
  const workerCount = options.workers ?? workersFromEnv() ?? availableWorkers();
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (absolute: string): void => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const base = path.basename(absolute).toLowerCase();
    if (languageOf(absolute) && !LOCKFILES.has(base)) files.push(absolute);
  };
  for (const p of roots) {
    const absolute = path.resolve(cwd, p);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch {
      throw new SwarmInputError(`${p}: no such file or directory`);
    }
    if (stat.isDirectory()) await walkFiles(absolute, add);
    else if (stat.isFile()) add(absolute);
    else throw new SwarmInputError(`${p}: not a regular file or directory`);
  }
  const { findings, filesScanned } = await scanFiles(files, settings, workerCount);
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)));
  return { findings, filesScanned };
}

const BATCH_FILES = 64;
/** Worker threads are considered once the scan has run this long, and started when what is left would take longer than… */
const DECIDE_AFTER_MS = 400;
/** …this: a worker needs a few hundred milliseconds to load and warm up before it pays off. */
const WORTH_WORKERS_MS = 1500;

/**
 * Batches on this thread, yielding to the event loop between them; when the rest of the scan looks
 * long (projected from the pace so far), worker threads are started and share the remaining batches.
 */
async function scanFiles(files: readonly string[], settings: BatchSettings, workerCount: number): Promise<BatchResult> {
  const reader = newReader(settings.maxBytes);
  const merged: BatchResult = { findings: [], filesScanned: 0 };
  const merge = (result: BatchResult): void => {
    for (const f of result.findings) merged.findings.push(f);
    merged.filesScanned += result.filesScanned;
  };
  const started = performance.now();
  for (let i = 0; i < files.length; ) {
    const elapsed = performance.now() - started;
    if (workerCount > 0 && elapsed >= DECIDE_AFTER_MS && (elapsed / i) * (files.length - i) > WORTH_WORKERS_MS) {
      merge(await new ScanPool(settings, workerCount).run(files.slice(i)));
      break;
    }
    merge(await scanBatch(files.slice(i, i + BATCH_FILES), settings, reader));
    i += BATCH_FILES;
    if (i < files.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return merged;
}

/** `SWARM_SCAN_WORKERS=0` scans on one thread (for measurements and machines that need it). */
function workersFromEnv(): number | undefined {
  const raw = process.env.SWARM_SCAN_WORKERS;
  const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

