import { closeSync, openSync, promises as fs, readSync } from 'node:fs';
import * as path from 'node:path';
import { SwarmInputError } from '../errors';
import { canDetectSync, detectPlaceholders, detectPlaceholdersSync } from './detector';
import { languageOf } from './languages';
import type { DetectorOptions, PlaceholderFinding } from './types';
import { walkFiles } from './walk';

export interface ScanOptions extends DetectorOptions {
  /** Files larger than this are skipped (default 1 MiB). */
  maxFileBytes?: number;
}

export interface ScanResult {
  findings: PlaceholderFinding[];
  filesScanned: number;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
const LOCKFILES = new Set(['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'cargo.lock', 'go.sum', 'poetry.lock', 'composer.lock', 'gemfile.lock']);

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/**
 * Scans files and directories for placeholders. Paths are resolved against `cwd` and findings name
 * files relative to it. A path that does not exist is bad input (SwarmInputError). Directories are
 * walked skipping .git/, .swarm/, node_modules/, git-ignored paths, binaries, lockfiles and files
 * over `maxFileBytes`; files named explicitly are scanned even when git-ignored.
 */
export async function scanPaths(paths: string[], cwd: string, options: ScanOptions = {}): Promise<ScanResult> {
  const roots = paths.length > 0 ? paths : ['.'];
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

  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_BYTES;
  const detectorOptions: DetectorOptions = {
    disabledRules: options.disabledRules,
    extraPatterns: options.extraPatterns,
    claimedRequirements: options.claimedRequirements,
  };
  const findings: PlaceholderFinding[] = [];
  let filesScanned = 0;
  // Synchronous reads into one buffer: for many small files they cost a fraction of the promise-based
  // API. The loop yields to the event loop every few hundred files so the process stays responsive.
  const reader = { buffer: Buffer.allocUnsafe(Math.min(maxBytes + 1, 256 * 1024)) };
  const cwdPrefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  for (let i = 0; i < files.length; i++) {
    if (i % 256 === 255) await new Promise<void>((resolve) => setImmediate(resolve));
    const absolute = files[i] as string;
    const text = readText(absolute, maxBytes, reader);
    if (text === undefined) continue;
    filesScanned++;
    const rel = absolute.startsWith(cwdPrefix) ? toPosix(absolute.slice(cwdPrefix.length)) : toPosix(path.relative(cwd, absolute)) || path.basename(absolute);
    const found = canDetectSync(rel) ? detectPlaceholdersSync(rel, text, detectorOptions) : await detectPlaceholders(rel, text, detectorOptions);
    for (const f of found) findings.push(f);
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { findings, filesScanned };
}

/**
 * The file's text, or undefined for files over `maxBytes`, binary (a NUL byte in the first 8,000) or
 * unreadable. Reads until a short read (the end of a regular file), growing the shared buffer up to
 * `maxBytes + 1`: reading that much means the file is too large. No stat call is needed.
 */
function readText(file: string, maxBytes: number, reader: { buffer: Buffer }): string | undefined {
  let fd: number | undefined;
  let read = 0;
  try {
    fd = openSync(file, 'r');
    for (;;) {
      const room = reader.buffer.length - read;
      const n = readSync(fd, reader.buffer, read, room, null);
      read += n;
      if (n < room || read > maxBytes) break;
      const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, reader.buffer.length * 2));
      reader.buffer.copy(grown, 0, 0, read);
      reader.buffer = grown;
    }
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (read > maxBytes) return undefined;
  if (reader.buffer.subarray(0, Math.min(read, 8000)).indexOf(0) !== -1) return undefined;
  return reader.buffer.toString('utf8', 0, read);
}
